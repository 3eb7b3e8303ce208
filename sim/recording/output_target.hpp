#pragma once
// Where a result file goes, and how it gets there (docs/output.md, "Writing rules"):
//
// - every check on the target is made before any work: its directory exists and takes new
//   files, and the name is free or, with `overwrite`, holds a regular file;
// - a lock per target (flock on .NAME.lock beside it), held until the object is destroyed, so
//   that a second run to the same file refuses at once and touches nothing of the first;
// - the data go to a temporary file of a unique, recognisable name beside the target,
//   .NAME.clearsim-XXXXXX.partial, created exclusively (never through a symbolic link), and
//   are renamed into place by commit();
// - temporary files that a killed run left (SIGKILL, a power cut) are removed by the next run
//   to the same target: holding the lock, it knows no live run owns them.
#include <functional>
#include <string>
#include <vector>

#include "sim/recording/output_error.hpp"

namespace clearsim::recording {

// Throws OutputError unless `path` can be written: the checks of OutputTarget's constructor
// that need no lock. A symbolic link, a directory or a device at `path` is refused even with
// `overwrite` (a link is never followed, a device never replaced).
void check_output_target(const std::string& path, bool overwrite);

class OutputTarget {
 public:
  // Checks the target, takes its lock and removes stale temporary files. Throws OutputError.
  OutputTarget(std::string path, bool overwrite);
  // Removes the temporary file unless committed, then releases the lock.
  ~OutputTarget();
  OutputTarget(const OutputTarget&) = delete;
  OutputTarget& operator=(const OutputTarget&) = delete;

  // Makes the temporary file: calls `create` with a fresh name, on which it must create the
  // file exclusively (O_EXCL, H5F_ACC_EXCL), throwing OutputError with error_number() EEXIST
  // if the name is taken (then another name is tried).
  void create_temporary(const std::function<void(const std::string&)>& create);

  // Syncs the finished temporary file to disk and renames it to the target; without
  // `overwrite` never over a file that appeared meanwhile. Throws OutputError (the temporary
  // file is then removed).
  void commit();

  const std::string& path() const { return path_; }
  const std::string& temporary() const { return temporary_; }
  // Temporary files of killed runs that the constructor removed.
  const std::vector<std::string>& removed_leftovers() const { return removed_; }

 private:
  void lock();
  void release();
  void remove_leftovers();
  void move_into_place();

  std::string path_;
  std::string directory_;
  std::string name_;
  std::string prefix_;  // of temporary names: DIRECTORY/.NAME.clearsim-
  std::string lock_path_;
  bool overwrite_;
  int lock_fd_ = -1;
  std::string temporary_;
  bool committed_ = false;
  std::vector<std::string> removed_;
};

}  // namespace clearsim::recording
