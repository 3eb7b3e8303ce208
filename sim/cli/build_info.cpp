#include "sim/cli/build_info.hpp"

#include <H5public.h>
#include <fmt/format.h>
#include <openssl/opensslv.h>

#include <Eigen/Core>
#include <boost/version.hpp>
#include <nlohmann/json.hpp>

#include "clearsim_git_commit.hpp"  // generated at build time by cmake/git_commit.cmake
#ifdef CLEARSIM_WITH_MPI
#define OMPI_SKIP_MPICXX 1  // the C API only: Open MPI's C++ bindings need their own library
#include <mpi.h>
#endif

namespace clearsim::cli {

std::string program_version() {
  return CLEARSIM_VERSION;
}

std::string git_commit() {
  return CLEARSIM_GIT_COMMIT;
}

std::vector<std::pair<std::string, std::string>> library_versions() {
  unsigned major = 0, minor = 0, release = 0;
  H5get_libversion(&major, &minor, &release);  // the library loaded, not only its header
  std::vector<std::pair<std::string, std::string>> versions{
      {"hdf5", fmt::format("{}.{}.{}", major, minor, release)},
      {"yaml-cpp", CLEARSIM_YAML_CPP_VERSION},
      {"boost", fmt::format("{}.{}.{}", BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000,
                            BOOST_VERSION % 100)},
      {"eigen",
       fmt::format("{}.{}.{}", EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION)},
      {"fmt",
       fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100)},
      {"nlohmann_json", fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR,
                                    NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH)},
      {"openssl", OPENSSL_VERSION_STR},
  };
#ifdef CLEARSIM_WITH_MPI
#ifdef OMPI_MAJOR_VERSION
  versions.emplace_back("openmpi", fmt::format("{}.{}.{}", OMPI_MAJOR_VERSION, OMPI_MINOR_VERSION,
                                               OMPI_RELEASE_VERSION));
#else
  versions.emplace_back("mpi", fmt::format("{}.{}", MPI_VERSION, MPI_SUBVERSION));
#endif
#endif
  return versions;
}

std::string library_versions_text() {
  std::string text;
  for (const auto& [name, version] : library_versions())
    text += (text.empty() ? "" : ", ") + name + " " + version;
  return text;
}

}  // namespace clearsim::cli
