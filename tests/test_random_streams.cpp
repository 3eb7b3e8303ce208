#include "sim/kernel/random.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <boost/math/distributions/chi_squared.hpp>
#include <cstdint>
#include <vector>

namespace {

using clearsim::sim::RandomStream;
using clearsim::sim::RandomStreams;

std::vector<double> first_draws(RandomStream stream, int n) {
  std::vector<double> draws(n);
  for (double& u : draws)
    u = stream.uniform();
  return draws;
}

TEST_CASE("Philox2x64-10 matches the Random123 known-answer vectors") {
  // From Random123's kat_vectors: if these fail, the installed library (or the compiler's
  // treatment of it) is broken and every stream in the simulator has changed.
  using Philox = r123::Philox2x64;
  struct Vector {
    Philox::ctr_type counter;
    Philox::key_type key;
    std::array<std::uint64_t, 2> expected;
  };
  const Vector vectors[] = {
      {{{0, 0}}, {{0}}, {0xca00a0459843d731, 0x66c24222c9a845b5}},
      {{{0xffffffffffffffff, 0xffffffffffffffff}},
       {{0xffffffffffffffff}},
       {0x65b021d60cd8310f, 0x4d02f3222f86df20}},
      {{{0x243f6a8885a308d3, 0x13198a2e03707344}},
       {{0xa4093822299f31d0}},
       {0x0a5e742c2997341c, 0xb0f883d38000de5d}},
  };
  for (const Vector& v : vectors) {
    const Philox::ctr_type out = Philox()(v.counter, v.key);
    for (int i = 0; i < 2; ++i)
      CHECK(out.v[i] == v.expected[i]);
  }
}

TEST_CASE("golden first uniforms of a stream are pinned exactly") {
  // Any change to the key derivation, the counter layout or the bits-to-double conversion
  // changes these, and with them every result the simulator has ever produced.
  const std::vector<double> expected = {
      0x1.cf52194aba86fp-1, 0x1.f453ce9a87cb8p-4, 0x1.bc729db29bb37p-1,
      0x1.7fb34f94c182dp-1, 0x1.bd4187f0bbefdp-1, 0x1.c0eb050ac2ea2p-2,
  };
  CHECK(first_draws(RandomStreams(42, 0).stream(1, 0), 6) == expected);
}

TEST_CASE("a stream is reproducible from its identity alone") {
  const RandomStreams streams(42, 3);
  CHECK(first_draws(streams.stream(2, 9), 10) == first_draws(streams.stream(2, 9), 10));
  CHECK(first_draws(streams.stream(2, 9), 10) ==
        first_draws(RandomStreams(42, 3).stream(2, 9), 10));
}

TEST_CASE("an entity's draws do not depend on draws from other entities") {
  const RandomStreams streams(7, 0);
  RandomStream alone = streams.stream(1, 5);
  const std::vector<double> reference = first_draws(alone, 20);

  // Interleave entity 4's draws (odd and even counts, so block boundaries fall between).
  RandomStream five = streams.stream(1, 5);
  RandomStream four = streams.stream(1, 4);
  std::vector<double> interleaved;
  for (int i = 0; i < 20; ++i) {
    for (int j = 0; j < i % 3; ++j)
      four.uniform();
    interleaved.push_back(five.uniform());
  }
  CHECK(interleaved == reference);
}

TEST_CASE("streams differ between replications purposes and entities") {
  const std::vector<double> base = first_draws(RandomStreams(7, 0).stream(1, 5), 8);
  CHECK(first_draws(RandomStreams(7, 1).stream(1, 5), 8) != base);  // replication
  CHECK(first_draws(RandomStreams(7, 0).stream(2, 5), 8) != base);  // purpose
  CHECK(first_draws(RandomStreams(7, 0).stream(1, 6), 8) != base);  // entity
  CHECK(first_draws(RandomStreams(8, 0).stream(1, 5), 8) != base);  // seed
  // Entity ids above 2^32 use the counter's high word and must not alias the low word.
  CHECK(first_draws(RandomStreams(7, 0).stream(1, 5 + (std::uint64_t{1} << 32)), 8) != base);
}

TEST_CASE("seek n then uniform gives draw n plus one") {
  const std::vector<double> draws = first_draws(RandomStreams(11, 0).stream(3, 2), 40);
  RandomStream stream = RandomStreams(11, 0).stream(3, 2);
  for (std::uint64_t n = 0; n < draws.size(); ++n) {  // odd and even n
    stream.seek(n);
    CHECK(stream.position() == n);
    CHECK(stream.uniform() == draws[n]);
    CHECK(stream.position() == n + 1);
  }
  // Backwards and forwards from the middle of a block.
  stream.seek(17);
  stream.seek(4);
  CHECK(stream.uniform() == draws[4]);
  CHECK(stream.uniform() == draws[5]);
  stream.seek(35);
  CHECK(stream.uniform() == draws[35]);
  CHECK(stream.uniform() == draws[36]);
}

TEST_CASE("position counts the draws consumed") {
  RandomStream stream = RandomStreams(11, 0).stream(3, 2);
  CHECK(stream.position() == 0);
  for (std::uint64_t i = 1; i <= 9; ++i) {
    stream.uniform();
    CHECK(stream.position() == i);
  }
}

TEST_CASE("uniforms are strictly inside the open unit interval") {
  RandomStream stream = RandomStreams(13, 0).stream(1);
  for (int i = 0; i < 1000000; ++i) {
    const double u = stream.uniform();
    REQUIRE(u > 0);
    REQUIRE(u < 1);
  }
  // The extremes are half a 2^-52 cell inside the interval; all-ones bits must not round
  // up to 1 (they did with 53-bit cells).
  CHECK(clearsim::sim::to_open_unit(0) == 0x1p-53);
  CHECK(clearsim::sim::to_open_unit(~std::uint64_t{0}) == 1.0 - 0x1p-53);
  CHECK(clearsim::sim::to_open_unit(~std::uint64_t{0}) < 1.0);
}

TEST_CASE("uniforms pass a chi-square test over 100 bins") {
  constexpr int kBins = 100;
  constexpr int kDraws = 1000000;
  std::vector<int> counts(kBins, 0);
  RandomStream stream = RandomStreams(17, 0).stream(1);
  for (int i = 0; i < kDraws; ++i) {
    ++counts[std::min(static_cast<int>(stream.uniform() * kBins), kBins - 1)];
  }

  const double expected = static_cast<double>(kDraws) / kBins;
  double chi_square = 0;
  for (int count : counts)
    chi_square += (count - expected) * (count - expected) / expected;
  const double critical = boost::math::quantile(boost::math::chi_squared(kBins - 1), 0.999);
  CHECK(critical == doctest::Approx(148.2).epsilon(1e-3));
  INFO("chi-square ", chi_square, " with ", kBins - 1, " degrees of freedom");
  CHECK(chi_square < critical);
}

}  // namespace
