#!/usr/bin/python3
"""M/M/1 in SimPy, written like bench/mm1.cpp: one process per customer that requests the
server, holds it for its service time and releases it. Prints the same result lines as
bench_mm1 (customers/s, wall, cpu) and the mean wait on stderr, to check it against theory
and against clearsim's figure.

    simpy_mm1.py [customers=100000] [arrival_rate=0.9] [service_rate=1.0]
"""
import random
import sys
import time

import simpy


def customer(env, server, service_time, waits):
    arrived = env.now
    with server.request() as request:
        yield request
        waits.append(env.now - arrived)
        yield env.timeout(service_time)


def arrivals(env, server, customers, lam, mu, rng, waits):
    for _ in range(customers):
        yield env.timeout(rng.expovariate(lam))
        env.process(customer(env, server, rng.expovariate(mu), waits))


def main():
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    lam = float(sys.argv[2]) if len(sys.argv) > 2 else 0.9
    mu = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    wall, cpu = time.perf_counter(), time.process_time()
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    waits = []
    env.process(arrivals(env, server, customers, lam, mu, random.Random(2026), waits))
    env.run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    for metric, value, unit in (("customers/s", customers / wall / 1e6, "M"),
                                ("customers/cpu-s", customers / cpu / 1e6, "M"),
                                ("wall", wall, "s"), ("cpu", cpu, "s")):
        print(f"{'mm1':<28} {metric:<22} {value:14.3f} {unit}")  # run-all relabels it
    # Waits are strongly correlated at rho = 0.9: a 95 % interval from 20 batch means.
    n = len(waits)
    size = n // 20
    batches = [sum(waits[i * size:(i + 1) * size]) / size for i in range(20)]
    mean = sum(batches) / 20
    sd = (sum((b - mean) ** 2 for b in batches) / 19) ** 0.5
    half = 2.093 * sd / 20 ** 0.5  # Student t, 19 degrees of freedom
    theory = lam / (mu * (mu - lam))
    print(f"mean wait {mean:.3f} +- {half:.3f} (theory {theory:.3f}) over {n} customers",
          file=sys.stderr)


if __name__ == "__main__":
    main()
