#!/usr/bin/python3
"""The Tianjin baseline flow in SimPy: the peer of `clearsim run SCENARIO --regime baseline`.

Written from the scenario file, as a SimPy user would write it: one process per vessel call
and one per box, `simpy.Resource` pools, the same stages in the same order as clearsim's
model (docs/model.md) and the same load. It omits what does not change a box's overall or
customs-only time in the baseline regime, or what only clearsim's design needs: see
bench/peers/README.md. It prints, per direction, the boxes counted and the mean overall and
customs-only times with 95 % Student-t half-widths over replications (JSON on stdout), then
its speed on stderr. bench/peers/check_port_twin.py compares these means with clearsim's.

    simpy_port.py SCENARIO [--horizon 10d] [--warmup 3d] [--replications 5] [--seed 1]

Only the base document is read (the baseline regime when it sets nothing): a file whose
base asks for what the twin does not model (joint inspection, machine-first, green
channel, single window, box streams, weekly timetables, bays fewer than the teams they
serve) is refused with the key.
"""
import argparse
import json
import math
import random
import re
import sys
import time
from statistics import NormalDist

import simpy
import yaml

DIRECTIONS = ("import", "export", "rail_transit")
IMPORT, EXPORT, RAIL = range(3)
CARGO = ("general", "reefer", "hazardous", "food", "ecommerce")
CREDIT = ("advanced_certified", "general_certified", "ordinary", "discredited")
MIN_LOOKAHEAD = 7 * 24.0  # boxes of a call exist this long before the vessel (model.md)
MAX_BOXES_PER_CALL = 65535


class Refused(Exception):
    pass


# ---- reading the scenario (docs/scenarios.md: values, distributions) ---------------------

TIME_UNITS = {"s": 1 / 3600, "min": 1 / 60, "h": 1.0, "d": 24.0, "w": 168.0}
RATE_UNITS = {"s": 3600.0, "min": 60.0, "h": 1.0, "day": 1 / 24, "d": 1 / 24, "w": 1 / 168,
              "week": 1 / 168}


def hours(text):
    m = re.fullmatch(r"([0-9.eE+-]+)(s|min|h|d|w)", str(text))
    if not m:
        raise Refused(f"not a duration: {text!r}")
    return float(m.group(1)) * TIME_UNITS[m.group(2)]


def per_hour(text):
    m = re.fullmatch(r"([0-9.eE+-]+)/(s|min|h|day|d|w|week)", str(text))
    if not m:
        raise Refused(f"not a rate: {text!r}")
    return float(m.group(1)) * RATE_UNITS[m.group(2)]


def plain(value):
    return float(value)


def sampler(spec, unit, rng):
    """A function drawing one value of the distribution `spec` (in hours, per hour or plain)."""
    if spec is None:
        return lambda: 0.0
    if not isinstance(spec, dict):
        value = unit(spec)
        return lambda: value
    bounds = {k: unit(v) for k, v in spec.items() if k in ("min", "max")}
    (family, p), = [(k, v) for k, v in spec.items() if k not in ("min", "max")]
    if family == "lognormal":
        mean, cv = unit(p["mean"]), float(p["cv"])
        sigma = math.sqrt(math.log(1 + cv * cv))
        mu = math.log(mean) - sigma * sigma / 2
        draw = lambda: rng.lognormvariate(mu, sigma)
    elif family == "triangular":
        low, mode, high = unit(p["min"]), unit(p["mode"]), unit(p["max"])
        draw = lambda: rng.triangular(low, high, mode)
    elif family == "uniform":
        low, high = unit(p["min"]), unit(p["max"])
        draw = lambda: rng.uniform(low, high)
    elif family == "normal":
        mean, sd = unit(p["mean"]), unit(p["sd"])
        draw = lambda: rng.gauss(mean, sd)
    elif family == "exponential":
        mean = unit(p["mean"]) if "mean" in p else 1 / unit(p["rate"])
        draw = lambda: rng.expovariate(1 / mean)
    else:
        raise Refused(f"distribution family {family!r} is not in the twin")
    if not bounds:
        return draw
    low, high = bounds.get("min", -math.inf), bounds.get("max", math.inf)

    def bounded():  # conditioned on [min, max], as clearsim's (which inverts the CDF instead)
        while True:
            x = draw()
            if low <= x <= high:
                return x
    return bounded


def per_credit(value):
    """A probability, or a mapping by credit class (omitted classes 0)."""
    if value is None:
        return [0.0] * len(CREDIT)
    if isinstance(value, dict):
        return [float(value.get(c, 0.0)) for c in CREDIT]
    return [float(value)] * len(CREDIT)


def pick(cumulative, u):
    for i, c in enumerate(cumulative):
        if u < c:
            return i
    return len(cumulative)


def refuse_unless(condition, key):
    if not condition:
        raise Refused(f"{key}: not modelled by the twin (baseline flow only)")


class Agency:
    def __init__(self, name, doc, rng):
        self.name = name
        self.regulates = set(doc.get("regulates", CARGO))
        self.officer_count = int(doc["officers"])
        self.review = sampler(doc["review"], hours, rng)
        self.risk = sampler(doc.get("risk_assessment"), hours, rng)
        self.exam = sampler(doc["exam"], hours, rng)
        sel = doc.get("selection", {})
        credit = [float(sel.get("credit", {}).get(c, 1.0)) for c in CREDIT]
        cargo = [float(sel.get("cargo", {}).get(c, 1.0)) for c in CARGO]
        direction = [float(sel.get("direction", {}).get(d, 1.0)) for d in DIRECTIONS]
        # probability[direction][cargo][credit], capped at 1; 0 for cargo it does not regulate
        self.probability = [[[min(1.0, credit[k] * cargo[c] * direction[d])
                              if CARGO[c] in self.regulates else 0.0
                              for k in range(len(CREDIT))] for c in range(len(CARGO))]
                            for d in range(len(DIRECTIONS))]


class Scenario:
    """The base document's parameters that the baseline flow uses."""

    def __init__(self, path, rng):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        inspection = doc.get("inspection", {})
        refuse_unless(inspection.get("policy", "sequential") == "sequential", "inspection.policy")
        refuse_unless(not inspection.get("green_channel", False), "inspection.green_channel")
        refuse_unless(float(inspection.get("machine_first", {}).get("share", 0)) == 0,
                      "inspection.machine_first.share")
        refuse_unless(not doc.get("documents", {}).get("single_window", False),
                      "documents.single_window")
        refuse_unless(not doc.get("box_streams"), "box_streams")
        self.horizon = hours(doc.get("horizon", "30d"))
        self.warmup = hours(doc.get("warmup", "5d"))
        self.seed = int(doc.get("seed", 1))
        self.replications = int(doc.get("replications", 5))

        self.agencies = [Agency(name, a, rng) for name, a in doc["agencies"].items()]
        # Who reviews a declaration of each cargo class: the lead, then those regulating it.
        self.reviewers = [[(i, a) for i, a in enumerate(self.agencies)
                           if i == 0 or CARGO[c] in a.regulates]
                          for c in range(len(CARGO))]

        # Moves: the edge between a district's yard and each agency's inspection site (the
        # twin has no routing: it needs that direct edge).
        edges = {}
        for e in doc["network"]["edges"]:
            edges[(e["from"], e["to"])] = edges[(e["to"], e["from"])] = sampler(
                e["transfer"], hours, rng)
        sites = {s["name"]: s for s in doc["inspection_sites"]}
        self.site_bays = {name: int(s["bays"]) for name, s in sites.items()}
        self.site_teams = {name: {a: int(n) for a, n in s.get("teams", {}).items()}
                           for name, s in sites.items()}
        # A box holds a bay only with a team; with as many bays as teams, taking the team
        # first and then the bay never makes a box wait for a bay while holding a team, so it
        # equals clearsim's all-at-once acquisition (sim::ResourceGroup).
        for name, teams in self.site_teams.items():
            refuse_unless(self.site_bays[name] >= sum(teams.values()),
                          f"inspection_sites[{name}].bays (fewer than its teams)")
        self.districts = []
        for d in doc["districts"]:
            exam = []
            for a in self.agencies:
                site_name = d["exam_sites"][a.name]
                site_node = sites[site_name]["node"]
                key = (d["yard_node"], site_node)
                refuse_unless(key in edges, f"network.edges ({key[0]} - {key[1]}: no direct edge)")
                exam.append((site_name, edges[key]))
            self.districts.append({"name": d["name"], "berths": int(d["berths"]), "exam": exam})
        district_index = {d["name"]: i for i, d in enumerate(self.districts)}

        self.services = []
        for s in doc["services"]:
            refuse_unless("calls" in s, f"services[{s['name']}].weekly")
            self.services.append({
                "district": district_index[s["district"]],
                "calls": per_hour(s["calls"]),
                "discharge": sampler(s["discharge_boxes"], plain, rng),
                "load": sampler(s["load_boxes"], plain, rng),
                "rail_share": float(s.get("rail_share", 0)),
                "cranes": int(s["cranes"]),
                "crane_rate": sampler(s["crane_rate"], per_hour, rng),
                "export_window": hours(s.get("export_window", "72h")),
                "export_cutoff": hours(s.get("export_cutoff", "12h")),
            })

        def cumulative(shares, labels):
            total, out = 0.0, []
            for label in labels[:-1]:
                total += float(shares.get(label, 0))
                out.append(total)
            return out
        self.cargo_mix = cumulative(doc["cargo_mix"], CARGO)
        self.credit_mix = cumulative(doc["credit_mix"], CREDIT)

        self.declaration = []
        for direction in DIRECTIONS:
            d = doc["declaration"].get(direction, {})
            permits = d.get("permits", {})
            self.declaration.append({
                "advance_share": per_credit(d.get("advance_share")),
                "advance_lead": sampler(d.get("advance_lead"), hours, rng),
                "manifest": sampler(d.get("manifest"), hours, rng),
                "delivery_order": sampler(d.get("delivery_order"), hours, rng),
                "permits": [sampler(permits.get(c), hours, rng) for c in CARGO],
                "preparation": sampler(d.get("preparation"), hours, rng),
                "deferral_share": per_credit(d.get("deferral_share")),
                "deferral": sampler(d.get("deferral"), hours, rng),
                "duty_payment": sampler(d.get("duty_payment"), hours, rng),
                "guarantee_share": per_credit(d.get("guarantee_share")),
            })
        self.handoff = sampler(doc.get("documents", {}).get("handoff"), hours, rng)
        selection = doc.get("selection", {})
        self.correlation = float(selection.get("correlation", 0))
        self.yellow_share = float(selection.get("yellow_share", 0))
        self.yellow_check = sampler(selection.get("yellow_check"), hours, rng)
        self.release_delay = sampler(doc.get("release", {}).get("delay"), hours, rng)


# ---- the model ------------------------------------------------------------------------------

class Call:
    def __init__(self, env):
        self.berthed = env.event()
        self.berth_time = 0.0
        self.rate = 1.0


class Port:
    def __init__(self, env, sc, rng, horizon, warmup):
        self.env, self.sc, self.rng = env, sc, rng
        self.horizon, self.warmup = horizon, warmup
        self.berths = [simpy.Resource(env, d["berths"]) for d in sc.districts]
        self.officers = [simpy.Resource(env, a.officer_count) for a in sc.agencies]
        self.bays = {name: simpy.Resource(env, n) for name, n in sc.site_bays.items()}
        self.teams = {(name, a): simpy.Resource(env, n)
                      for name, teams in sc.site_teams.items() for a, n in teams.items()}
        # Risk selection: agency a selects when sqrt(rho) z + sqrt(1 - rho) e_a < Phi^-1(p).
        self.threshold = {}
        self.common = math.sqrt(self.sc.correlation)
        self.own = math.sqrt(1 - self.sc.correlation)
        self.sums = [[0, 0.0, 0.0, 0] for _ in DIRECTIONS]  # boxes, overall, customs-only, red
        self.boxes = 0

    def threshold_of(self, p):
        t = self.threshold.get(p)
        if t is None:
            t = self.threshold[p] = (-math.inf if p <= 0 else math.inf if p >= 1
                                     else NormalDist().inv_cdf(p))
        return t

    def service(self, s):
        env, rng, sv = self.env, self.rng, self.sc.services[s]
        lookahead = max(MIN_LOOKAHEAD, sv["export_window"])
        arrival = 0.0
        while True:
            arrival += rng.expovariate(sv["calls"])
            if not arrival - lookahead < self.horizon:
                return
            yield env.timeout(max(0.0, arrival - lookahead - env.now))
            call = Call(env)
            count = lambda d: int(min(MAX_BOXES_PER_CALL, max(0.0, round(d()))))
            discharge, load = count(sv["discharge"]), count(sv["load"])
            call.rate = sv["cranes"] * max(0.01, sv["crane_rate"]())
            env.process(self.vessel(call, sv["district"], arrival, discharge + load))
            for i in range(discharge):
                env.process(self.box(call, s, IMPORT, arrival, i))
            span = sv["export_window"] - sv["export_cutoff"]
            for _ in range(load):
                gate_in = arrival - sv["export_window"] + span * rng.random()
                if gate_in >= 0:
                    env.process(self.box(call, s, EXPORT, gate_in, 0))

    def vessel(self, call, district, arrival, moves):
        env = self.env
        yield env.timeout(arrival - env.now)
        with self.berths[district].request() as berth:
            yield berth
            call.berth_time = env.now
            call.berthed.succeed()
            yield env.timeout(moves / call.rate)

    def box(self, call, s, direction, arrival, index):
        env, rng, sc = self.env, self.rng, self.sc
        sv = sc.services[s]
        district = sc.districts[sv["district"]]
        cargo = pick(sc.cargo_mix, rng.random())
        credit = pick(sc.credit_mix, rng.random())
        if direction == IMPORT and rng.random() < sv["rail_share"]:
            direction = RAIL
        dc = sc.declaration[direction]
        guaranteed = rng.random() < dc["guarantee_share"][credit]
        z = rng.gauss(0.0, 1.0)
        selected = [a for a, agency in enumerate(sc.agencies)
                    if self.common * z + self.own * rng.gauss(0.0, 1.0)
                    < self.threshold_of(agency.probability[direction][cargo][credit])]
        yellow = not selected and rng.random() < sc.yellow_share

        # The declaration: in advance, or once manifest, delivery order, permits and the
        # broker's preparation are done (and, for some, free storage time used).
        advance = rng.random() < dc["advance_share"][credit]
        if advance:
            declared = arrival - dc["advance_lead"]()
        else:
            manifest = arrival + dc["manifest"]()
            declared = max(manifest + dc["delivery_order"](), arrival + dc["permits"][cargo]())
            declared += dc["preparation"]()
            if rng.random() < dc["deferral_share"][credit]:
                declared += dc["deferral"]()
        if not arrival < self.horizon and not (advance and declared < self.horizon):
            return
        self.boxes += 1
        if declared > env.now:
            yield env.timeout(declared - env.now)
        declared_at = env.now

        # Documents: each agency concerned reviews, then runs its own risk engine; paper
        # goes from one agency to the next.
        for k, (a, agency) in enumerate(sc.reviewers[cargo]):
            if k:
                yield env.timeout(sc.handoff())
            with self.officers[a].request() as officer:
                yield officer
                yield env.timeout(agency.review())
            yield env.timeout(agency.risk())

        # The box must be here: discharged from its vessel, or gated in.
        if direction != EXPORT:
            if not call.berthed.triggered:
                yield call.berthed
            here = call.berth_time + (index + 1) / call.rate
        else:
            here = arrival
        if here > env.now:
            yield env.timeout(here - env.now)

        # Checks: each selecting agency in turn (move, exam with a bay and a team, move back,
        # its own release); or the yellow channel's document check.
        if selected:
            last = selected[-1]
            for a in selected:
                site, move = district["exam"][a]
                yield env.timeout(max(0.0, move()))
                with self.teams[(site, sc.agencies[a].name)].request() as team:
                    yield team
                    with self.bays[site].request() as bay:
                        yield bay
                        yield env.timeout(sc.agencies[a].exam())
                if a != last:
                    yield env.timeout(max(0.0, move()))
                if a != 0:
                    yield env.timeout(sc.release_delay())
        elif yellow:
            with self.officers[0].request() as officer:
                yield officer
                yield env.timeout(sc.yellow_check())
        if not guaranteed:
            yield env.timeout(dc["duty_payment"]())
        yield env.timeout(sc.release_delay())  # the lead agency's release

        if self.warmup <= arrival < self.horizon:
            sums = self.sums[direction]
            sums[0] += 1
            sums[1] += env.now - arrival
            sums[2] += env.now - declared_at
            sums[3] += bool(selected)


def replicate(path, horizon, warmup, seed, replication):
    rng = random.Random(f"{seed}/{replication}")
    sc = Scenario(path, rng)
    env = simpy.Environment()
    port = Port(env, sc, rng, horizon, warmup)
    for s in range(len(sc.services)):
        env.process(port.service(s))
    env.run()
    return port


def student_t95(df):
    # Two-sided 95 % quantiles for small df; beyond 30 the normal's is within 2 %.
    table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
             2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086]
    return table[df - 1] if df <= len(table) else 2.0 if df <= 60 else 1.96


def mean_ci(values):
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, None
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    return mean, student_t95(n - 1) * sd / math.sqrt(n)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--horizon", type=hours)
    ap.add_argument("--warmup", type=hours)
    ap.add_argument("--replications", type=int)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    try:
        base = Scenario(args.scenario, random.Random(0))
    except (Refused, KeyError) as e:
        sys.exit(f"simpy_port: {args.scenario}: {e}")
    horizon = args.horizon if args.horizon is not None else base.horizon
    warmup = args.warmup if args.warmup is not None else base.warmup
    replications = args.replications or base.replications

    wall, cpu = time.perf_counter(), time.process_time()
    per_rep = []
    simulated = 0
    for r in range(replications):
        port = replicate(args.scenario, horizon, warmup, args.seed, r)
        per_rep.append(port.sums)
        simulated += port.boxes
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    directions = []
    counted = 0
    for d, label in enumerate(DIRECTIONS):
        reps = [rep[d] for rep in per_rep if rep[d][0] > 0]
        counted += sum(rep[d][0] for rep in per_rep)
        if not reps:
            continue
        overall = mean_ci([s[1] / s[0] for s in reps])
        customs = mean_ci([s[2] / s[0] for s in reps])
        inspected = mean_ci([s[3] / s[0] for s in reps])
        directions.append({"direction": label, "cleared": sum(s[0] for s in reps) / len(reps),
                           "inspected": inspected[0], "inspected_ci95": inspected[1],
                           "overall_mean": overall[0], "overall_mean_ci95": overall[1],
                           "customs_mean": customs[0], "customs_mean_ci95": customs[1],
                           "replications": len(reps)})
    json.dump({"peer": "simpy", "horizon_hours": horizon, "warmup_hours": warmup,
               "replications": replications, "boxes_counted": counted,
               "boxes_simulated": simulated, "wall_s": wall, "cpu_s": cpu,
               "directions": directions}, sys.stdout, indent=1)
    print()
    print(f"simpy_port: {simulated} boxes simulated ({counted} counted) in {cpu:.2f} cpu-s, "
          f"{wall:.2f} s wall: {counted / cpu:.0f} counted boxes/cpu-s", file=sys.stderr)


if __name__ == "__main__":
    main()
