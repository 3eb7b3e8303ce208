// The output path (recording::OutputTarget): every check on the target before any work, a
// lock per target, a temporary file of a unique name created exclusively beside it, the
// rename into place, and temporary files of killed runs cleaned by the next run.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/recording/output_target.hpp"

using clearsim::recording::check_output_target;
using clearsim::recording::OutputError;
using clearsim::recording::OutputTarget;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("clearsim-target-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// What HDF5's H5F_ACC_EXCL does: create exclusively, never through a link.
void create_plain(const std::string& name, const std::string& text = "result") {
  const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0666);
  if (fd < 0) throw OutputError(name + ": " + std::strerror(errno), errno);
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  REQUIRE(written);
}

std::string message_of(const std::string& path, bool overwrite) {
  try {
    OutputTarget target(path, overwrite);
  } catch (const OutputError& e) {
    return e.what();
  }
  return "";
}

// Entries of `dir` other than `keep`.
std::vector<std::string> others(const TempDir& dir, std::initializer_list<std::string> keep) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path)) {
    const std::string name = entry.path().filename().string();
    if (std::find(keep.begin(), keep.end(), name) == keep.end()) names.push_back(name);
  }
  return names;
}

}  // namespace

TEST_CASE("the temporary file has a unique, recognisable name and is renamed into place") {
  TempDir dir;
  const std::string path = dir / "r.h5";
  std::string temporary;
  {
    OutputTarget target(path, false);
    target.create_temporary([](const std::string& name) { create_plain(name); });
    temporary = target.temporary();
    const std::string name = fs::path(temporary).filename().string();
    CHECK(name.starts_with(".r.h5.clearsim-"));
    CHECK(name.ends_with(".partial"));
    CHECK(name.size() == std::string(".r.h5.clearsim-XXXXXX.partial").size());
    CHECK(fs::exists(temporary));
    CHECK(fs::exists(dir / ".r.h5.lock"));
    CHECK_FALSE(fs::exists(path));
    target.commit();
    CHECK(read_file(path) == "result");
    CHECK_FALSE(fs::exists(temporary));
  }
  CHECK(others(dir, {"r.h5"}).empty());  // no lock file, no temporary file left
}

TEST_CASE("two temporary names for one target differ") {
  TempDir dir;
  std::string first;
  {
    OutputTarget target(dir / "r.h5", false);
    target.create_temporary([](const std::string& name) { create_plain(name); });
    first = target.temporary();
  }
  OutputTarget target(dir / "r.h5", false);
  target.create_temporary([](const std::string& name) { create_plain(name); });
  CHECK(target.temporary() != first);
}

TEST_CASE("a link planted where the old temporary name was is never followed") {
  // Before: FILE.partial was opened with O_CREAT|O_TRUNC, overwriting the link's target.
  TempDir dir;
  write_file(dir / "victim", "precious");
  fs::create_symlink(dir / "victim", dir / "r.h5.partial");
  OutputTarget target(dir / "r.h5", false);
  target.create_temporary([](const std::string& name) { create_plain(name); });
  target.commit();
  CHECK(read_file(dir / "victim") == "precious");
  CHECK(fs::is_symlink(dir / "r.h5.partial"));
  CHECK(read_file(dir / "r.h5") == "result");
}

TEST_CASE("a link planted at the lock file is refused, its target untouched") {
  TempDir dir;
  write_file(dir / "victim", "precious");
  fs::create_symlink(dir / "victim", dir / ".r.h5.lock");
  fs::create_symlink(dir / "absent", dir / ".s.h5.lock");
  CHECK(message_of(dir / "r.h5", false)
            .find("lock file " + (dir / ".r.h5.lock") + ": it is a symbolic link") !=
        std::string::npos);
  CHECK(message_of(dir / "s.h5", false).find("it is a symbolic link") != std::string::npos);
  CHECK(read_file(dir / "victim") == "precious");
  CHECK_FALSE(fs::exists(dir / "absent"));
}

TEST_CASE("a temporary name taken by someone else is passed over, never written through") {
  TempDir dir;
  write_file(dir / "victim", "precious");
  OutputTarget target(dir / "r.h5", false);
  int calls = 0;
  target.create_temporary([&](const std::string& name) {
    // The first name is taken (by a link) between the reservation and the creation.
    if (++calls == 1) fs::create_symlink(dir / "victim", name);
    create_plain(name);
  });
  CHECK(calls == 2);
  target.commit();
  CHECK(read_file(dir / "victim") == "precious");
}

TEST_CASE("a second writer to the same target refuses at once and touches nothing") {
  TempDir dir;
  const std::string path = dir / "r.h5";
  OutputTarget first(path, false);
  first.create_temporary([](const std::string& name) { create_plain(name, "first"); });
  for (const bool overwrite : {false, true}) {
    const std::string message = message_of(path, overwrite);
    CHECK(message.find(path + ": another clearsim run is writing this file (process " +
                       std::to_string(::getpid()) + ")") != std::string::npos);
    CHECK(fs::exists(first.temporary()));
    CHECK(fs::exists(dir / ".r.h5.lock"));
  }
  first.commit();
  CHECK(read_file(path) == "first");
}

TEST_CASE("a lock held by another program is respected too") {
  TempDir dir;
  const std::string lock = dir / ".r.h5.lock";
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT, 0666);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX) == 0);
  CHECK(message_of(dir / "r.h5", false).find("another clearsim run is writing this file") !=
        std::string::npos);
  ::close(fd);
  OutputTarget target(dir / "r.h5", false);  // the lock file of a finished run is reused
}

TEST_CASE("every check on the target is made before any work") {
  TempDir dir;
  write_file(dir / "kept.h5", "precious");
  fs::create_symlink(dir / "nowhere", dir / "dangling.h5");
  fs::create_symlink(dir / "kept.h5", dir / "link.h5");
  fs::create_directory(dir / "adir");
  const std::string fifo = dir / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const struct {
    std::string path;
    bool overwrite;
    std::string says;
  } cases[] = {
      {dir / "kept.h5", false, ": already exists (use --force to replace it)"},
      {dir / "dangling.h5", false, ": is a symbolic link (to '" + (dir / "nowhere") + "')"},
      {dir / "dangling.h5", true, ": is a symbolic link"},
      {dir / "link.h5", true, ": is a symbolic link"},
      {dir / "adir", true, ": is a directory"},
      {fifo, true, ": exists and is not a regular file; give a file name"},
      {dir / "no/such/r.h5", false,
       ": cannot create files in " + (dir / "no/such") + ": No such file or directory"},
      {dir / "kept.h5/r.h5", false, ": Not a directory"},
      {dir.path.string() + "/", false, ": names a directory; give a file name"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    std::string message;
    try {
      check_output_target(c.path, c.overwrite);
    } catch (const OutputError& e) {
      message = e.what();
    }
    CHECK(message.find(c.says) != std::string::npos);
    CHECK(message_of(c.path, c.overwrite) == message);  // the target checks the same
  }
  CHECK(read_file(dir / "kept.h5") == "precious");
  CHECK(fs::is_symlink(dir / "dangling.h5"));
  CHECK(others(dir, {"kept.h5", "dangling.h5", "link.h5", "adir", "fifo"}).empty());
}

TEST_CASE("a directory that takes no files is found before any work") {
  TempDir dir;
  fs::create_directory(dir / "ro");
  fs::permissions(dir / "ro", fs::perms::owner_read | fs::perms::owner_exec);
  if (::access((dir / "ro").c_str(), W_OK) == 0) {
    fs::permissions(dir / "ro", fs::perms::owner_all);
    MESSAGE("skipped: this user (root) may write in a read-only directory");
    return;
  }
  CHECK(message_of(dir / "ro/r.h5", false) ==
        (dir / "ro/r.h5") + ": cannot create files in " + (dir / "ro") + ": Permission denied");
  fs::permissions(dir / "ro", fs::perms::owner_all);
}

TEST_CASE("with overwrite, the rename replaces a regular file; without, never") {
  TempDir dir;
  const std::string path = dir / "r.h5";
  {
    OutputTarget target(path, false);
    target.create_temporary([](const std::string& name) { create_plain(name, "new"); });
    write_file(path, "appeared meanwhile");
    CHECK_THROWS_WITH_AS(target.commit(), doctest::Contains("appeared while the run went on"),
                         OutputError);
  }
  CHECK(read_file(path) == "appeared meanwhile");
  CHECK(others(dir, {"r.h5"}).empty());
  OutputTarget target(path, true);
  target.create_temporary([](const std::string& name) { create_plain(name, "new"); });
  target.commit();
  CHECK(read_file(path) == "new");
}

TEST_CASE("temporary files a killed run left are removed by the next run to the target") {
  TempDir dir;
  write_file(dir / ".r.h5.clearsim-AbC123.partial", "killed run");
  write_file(dir / ".r.h5.lock", "999999\n");  // a lock file whose holder is gone
  write_file(dir / ".other.h5.clearsim-AbC123.partial", "another target's");
  write_file(dir / ".r.h5.clearsim-notmine.partial", "not our pattern");
  write_file(dir / "r.h5.partial", "the user's own file");
  OutputTarget target(dir / "r.h5", false);
  CHECK(target.removed_leftovers() ==
        std::vector<std::string>{dir / ".r.h5.clearsim-AbC123.partial"});
  CHECK_FALSE(fs::exists(dir / ".r.h5.clearsim-AbC123.partial"));
  CHECK(fs::exists(dir / ".other.h5.clearsim-AbC123.partial"));
  CHECK(fs::exists(dir / ".r.h5.clearsim-notmine.partial"));
  CHECK(fs::exists(dir / "r.h5.partial"));
}

TEST_CASE("an uncommitted target removes its temporary file and its lock") {
  TempDir dir;
  {
    OutputTarget target(dir / "r.h5", false);
    target.create_temporary([](const std::string& name) { create_plain(name); });
  }  // e.g. an exception unwound past it
  CHECK(others(dir, {}).empty());
}
