#include "sim/recording/output_target.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>  // renameat2, RENAME_NOREPLACE (glibc >= 2.28)
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <utility>

namespace clearsim::recording {

namespace {

constexpr const char* kTemporaryMark = ".clearsim-";
constexpr const char* kTemporarySuffix = ".partial";
constexpr std::size_t kRandomChars = 6;
constexpr int kAttempts = 100;

struct Parts {
  std::string directory;
  std::string name;
};

Parts split(const std::string& path) {
  const std::filesystem::path p(path);
  std::string name = p.filename().string();
  if (name.empty() || name == "." || name == "..")
    throw OutputError(path + ": names a directory; give a file name");
  std::string directory = p.parent_path().string();
  return {directory.empty() ? "." : directory, name};
}

// DIRECTORY/NAME, without a leading "./" for the current directory.
std::string join(const std::string& directory, const std::string& name) {
  if (directory == ".") return name;
  return directory.back() == '/' ? directory + name : directory + "/" + name;
}

std::string link_target(const std::string& path) {
  char buffer[4096];
  const ssize_t n = ::readlink(path.c_str(), buffer, sizeof buffer);
  return n < 0 ? "?" : std::string(buffer, static_cast<std::size_t>(n));
}

OutputError cannot_create_in(const std::string& path, const std::string& directory, int error) {
  return OutputError(path + ": cannot create files in " + directory + ": " + describe_errno(error),
                     error);
}

// What is already at the target decides: a link is never followed or replaced, a directory or
// a device never replaced, a regular file only with `overwrite`.
void refuse_existing(const std::string& path, const struct stat& status, bool overwrite) {
  if (S_ISLNK(status.st_mode))
    throw OutputError(path + ": is a symbolic link (to '" + link_target(path) +
                      "'); give the file's own name, or remove the link");
  if (S_ISDIR(status.st_mode)) throw OutputError(path + ": is a directory");
  if (!S_ISREG(status.st_mode))
    throw OutputError(path + ": exists and is not a regular file; give a file name");
  if (!overwrite) throw OutputError(path + ": already exists (use --force to replace it)", EEXIST);
}

void check_directory(const std::string& path, const std::string& directory) {
  struct stat status {};
  if (::stat(directory.c_str(), &status) != 0) throw cannot_create_in(path, directory, errno);
  if (!S_ISDIR(status.st_mode)) throw cannot_create_in(path, directory, ENOTDIR);
  if (::access(directory.c_str(), W_OK | X_OK) != 0) throw cannot_create_in(path, directory, errno);
}

bool same_file(int fd, const std::string& path) {
  struct stat open {
  }, named{};
  return ::fstat(fd, &open) == 0 && ::lstat(path.c_str(), &named) == 0 &&
         open.st_dev == named.st_dev && open.st_ino == named.st_ino;
}

int open_lock_file(const std::string& path, const std::string& lock) {
  int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
  // Another user's lock file: opened for reading, it can still be locked.
  if (fd < 0 && errno == EACCES) fd = ::open(lock.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    const std::string why = error == ELOOP ? "it is a symbolic link" : describe_errno(error);
    throw OutputError(path + ": cannot open its lock file " + lock + ": " + why, error);
  }
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
    ::close(fd);
    throw OutputError(path + ": its lock file " + lock + " is not a regular file; remove it");
  }
  return fd;
}

// " (process N)" from a held lock file, for the message; empty if it names none.
std::string holder_of(int fd) {
  char buffer[32] = {};
  const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  const long pid = n > 0 ? std::strtol(buffer, nullptr, 10) : 0;
  return pid > 0 ? " (process " + std::to_string(pid) + ")" : "";
}

// Best effort: a lock file opened read-only keeps no pid.
void record_pid(int fd) {
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0) return;
  if (::pwrite(fd, pid.data(), pid.size(), 0) < 0) return;
}

std::string random_chars() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char bytes[kRandomChars];
  if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    std::random_device device;
    for (auto& b : bytes)
      b = static_cast<unsigned char>(device());
  }
  std::string text;
  for (const unsigned char b : bytes)
    text += kAlphabet[b % (sizeof kAlphabet - 1)];
  return text;
}

// .NAME.clearsim-XXXXXX.partial
bool is_temporary_name(const std::string& entry, const std::string& mark) {
  const std::string suffix = kTemporarySuffix;
  return entry.size() == mark.size() + kRandomChars + suffix.size() && entry.starts_with(mark) &&
         entry.ends_with(suffix);
}

// 0, or the errno of opening or fsync-ing `path`.
int sync_to_disk(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return errno;
  const int error = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return error;
}

OutputError cannot_move(const std::string& path, int error) {
  const std::string why = error == EEXIST ? "a file of that name appeared while the run went on; "
                                            "it was not replaced (use --force to replace it)"
                                          : describe_errno(error);
  return OutputError(path + ": cannot move the finished file into place: " + why, error);
}

}  // namespace

void check_output_target(const std::string& path, bool overwrite) {
  if (path.empty()) throw OutputError("the result file name is empty");
  const Parts parts = split(path);
  struct stat status {};
  if (::lstat(path.c_str(), &status) == 0) {
    refuse_existing(path, status, overwrite);
  } else if (errno != ENOENT) {
    throw cannot_create_in(path, parts.directory, errno);
  }
  check_directory(path, parts.directory);
}

OutputTarget::OutputTarget(std::string path, bool overwrite)
    : path_(std::move(path)), overwrite_(overwrite) {
  check_output_target(path_, overwrite_);
  const Parts parts = split(path_);
  directory_ = parts.directory;
  name_ = parts.name;
  prefix_ = join(directory_, "." + parts.name + kTemporaryMark);
  lock_path_ = join(directory_, "." + parts.name + ".lock");
  lock();
  try {
    remove_leftovers();
  } catch (...) {
    release();
    throw;
  }
}

OutputTarget::~OutputTarget() {
  if (!committed_ && !temporary_.empty()) ::unlink(temporary_.c_str());
  release();
}

void OutputTarget::release() {
  if (lock_fd_ < 0) return;
  // Removed while still held: a run that opened it meanwhile then finds it replaced and
  // locks afresh (lock() compares the file it locked with the one named).
  if (same_file(lock_fd_, lock_path_)) ::unlink(lock_path_.c_str());
  ::close(std::exchange(lock_fd_, -1));
}

void OutputTarget::lock() {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    const int fd = open_lock_file(path_, lock_path_);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      const std::string holder = holder_of(fd);
      ::close(fd);
      if (error == EWOULDBLOCK)
        throw OutputError(
            path_ + ": another clearsim run is writing this file" + holder +
                "; wait for it to finish, or choose another file (lock: " + lock_path_ + ")",
            EBUSY);
      throw OutputError(path_ + ": cannot lock " + lock_path_ + ": " + describe_errno(error),
                        error);
    }
    if (same_file(fd, lock_path_)) {
      lock_fd_ = fd;
      record_pid(fd);
      return;
    }
    ::close(fd);  // its holder finished and removed it after we opened it: lock afresh
  }
  throw OutputError(path_ + ": cannot lock " + lock_path_ + ": it keeps being replaced");
}

// Holding the lock, every temporary file of this target belongs to a run that is gone.
void OutputTarget::remove_leftovers() {
  DIR* directory = ::opendir(directory_.c_str());
  if (!directory) return;  // not listable: nothing found, nothing removed
  const std::string mark = "." + name_ + kTemporaryMark;
  while (const dirent* entry = ::readdir(directory)) {
    const std::string name = entry->d_name;
    if (!is_temporary_name(name, mark)) continue;
    const std::string leftover = join(directory_, name);
    if (::unlink(leftover.c_str()) == 0) removed_.push_back(leftover);
  }
  ::closedir(directory);
}

void OutputTarget::create_temporary(const std::function<void(const std::string&)>& create) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    const std::string name = prefix_ + random_chars() + kTemporarySuffix;
    // Reserve the name with open(2) first: it says exactly why a directory takes no files.
    const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) {
      if (errno == EEXIST) continue;
      throw cannot_create_in(path_, directory_, errno);
    }
    ::close(fd);
    ::unlink(name.c_str());
    try {
      create(name);
      temporary_ = name;
      return;
    } catch (const OutputError& e) {
      if (e.error_number() == EEXIST) continue;  // taken between the two: another name
      ::unlink(name.c_str());                    // made by `create`, exclusively
      throw;
    }
  }
  throw OutputError(path_ + ": cannot find a free temporary file name in " + directory_);
}

void OutputTarget::commit() {
  if (temporary_.empty()) throw std::logic_error("OutputTarget::commit: no temporary file");
  try {
    move_into_place();
  } catch (...) {
    ::unlink(temporary_.c_str());
    throw;
  }
  committed_ = true;
  // The rename itself reaches the disk with the directory (not every file system can say).
  sync_to_disk(directory_, O_RDONLY | O_DIRECTORY);
}

void OutputTarget::move_into_place() {
  // The data on disk before the name: after a crash the target is the old file or the new
  // one, never a new name on missing data.
  if (const int error = sync_to_disk(temporary_, O_RDONLY | O_NOFOLLOW))
    throw OutputError(path_ + ": cannot write the finished file to disk: " + describe_errno(error),
                      error);
  if (overwrite_) {
    struct stat status {};
    if (::lstat(path_.c_str(), &status) == 0) refuse_existing(path_, status, true);
    if (std::rename(temporary_.c_str(), path_.c_str()) != 0) throw cannot_move(path_, errno);
    return;
  }
  if (::renameat2(AT_FDCWD, temporary_.c_str(), AT_FDCWD, path_.c_str(), RENAME_NOREPLACE) == 0)
    return;
  if (errno != EINVAL && errno != ENOSYS) throw cannot_move(path_, errno);
  // A file system without RENAME_NOREPLACE: link(2) too fails if the target exists.
  if (::link(temporary_.c_str(), path_.c_str()) != 0) throw cannot_move(path_, errno);
  ::unlink(temporary_.c_str());
}

}  // namespace clearsim::recording
