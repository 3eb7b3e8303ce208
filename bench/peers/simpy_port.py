#!/usr/bin/python3
"""The Tianjin baseline flow in SimPy: the peer of `clearsim run SCENARIO --regime baseline`.

Written from the scenario file, as a SimPy user would write it: one process per vessel call
and one per box, `simpy.Resource` pools (staff pools on the officers' roster), the same
stages in the same order as clearsim's model (docs/model.md) and the same load, from the
box's arrival (an export's haul from off-dock) to its departure (pick-up, train, vessel).
It omits only what clearsim's design needs (routing, common random numbers, recording):
see bench/peers/README.md. It prints, per direction, the boxes counted and the means of
the overall, customs-only and after-release times with 95 % Student-t half-widths over
replications (JSON on stdout), then its speed on stderr. bench/peers/check_port_twin.py
compares these means with clearsim's.

    simpy_port.py SCENARIO [--horizon 10d] [--warmup 3d] [--replications 5] [--seed 1]

Only the base document is read (the baseline regime when it sets nothing): a file whose
base asks for what the twin does not model is refused with the key (the list is in
bench/peers/README.md).
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


def weekly_time(text):
    """'mon 20:00' -> hours after Monday 00:00, the start of the run."""
    m = re.fullmatch(r"(mon|tue|wed|thu|fri|sat|sun) ([0-9]{2}):([0-9]{2})", str(text))
    if not m:
        raise Refused(f"not a weekly time: {text!r}")
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(m.group(1))
    return day * 24 + int(m.group(2)) + int(m.group(3)) / 60


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
        refuse_unless(not doc.get("disruptions"), "disruptions")
        self.horizon = hours(doc.get("horizon", "30d"))
        self.warmup = hours(doc.get("warmup", "5d"))
        self.seed = int(doc.get("seed", 1))
        self.replications = int(doc.get("replications", 5))

        self.agencies = [Agency(name, a, rng) for name, a in doc["agencies"].items()]
        # Who reviews a declaration of each cargo class: the lead, then those regulating it.
        self.reviewers = [[(i, a) for i, a in enumerate(self.agencies)
                           if i == 0 or CARGO[c] in a.regulates]
                          for c in range(len(CARGO))]

        # Officers' roster (art. 38): document officers and examination teams at full
        # strength in the day hours, a share of it outside them (models/staffing.cpp).
        staffing = doc.get("staffing", {})
        refuse_unless(not staffing.get("dynamic", False), "staffing.dynamic")
        self.round_the_clock = bool(staffing.get("round_the_clock", True))
        self.day_start = hours(staffing.get("day_start", "8.5h"))
        self.day_end = hours(staffing.get("day_end", "17.5h"))
        self.off_hours_share = float(staffing.get("off_hours_share", 1))

        # Moves: the edge between a district's yard and each agency's inspection site, and
        # to the rail yard (the twin has no routing: it needs those direct edges).
        edges = {}
        for e in doc["network"]["edges"]:
            edges[(e["from"], e["to"])] = edges[(e["to"], e["from"])] = sampler(
                e["transfer"], hours, rng)
        sites = {s["name"]: s for s in doc["inspection_sites"]}
        self.site_teams = {name: {a: int(n) for a, n in s.get("teams", {}).items()}
                           for name, s in sites.items()}
        # 2017: each agency opens boxes in its own bays (`own_bays`), and goes back to the
        # stack before the next agency's check; shared facilities pool the site's bays and
        # keep a box at the site for the next agency examining there.
        self.shared_facilities = bool(inspection.get("shared_facilities", True))
        # The bays an agency's examination holds: key (site, agency) or (site, None).
        self.bays = {}
        for name, s in sites.items():
            teams = self.site_teams[name]
            if self.shared_facilities:
                self.bays[(name, None)] = int(s["bays"])
                # A box holds a bay only with a team; with as many bays as teams, taking the
                # team first and then the bay never makes a box wait for a bay while holding
                # a team, so it equals clearsim's all-at-once acquisition (sim::ResourceGroup).
                refuse_unless(int(s["bays"]) >= sum(teams.values()),
                              f"inspection_sites[{name}].bays (fewer than its teams)")
            else:
                own = s.get("own_bays", {})
                for agency, n in teams.items():
                    self.bays[(name, agency)] = int(own.get(agency, 0))
                    refuse_unless(int(own.get(agency, 0)) >= n,
                                  f"inspection_sites[{name}].own_bays.{agency} "
                                  "(fewer than its teams)")

        rail = doc.get("rail")
        rail_node = rail["node"] if rail else None
        self.districts = []
        for d in doc["districts"]:
            exam = []
            for a in self.agencies:
                site_name = d["exam_sites"][a.name]
                site_node = sites[site_name]["node"]
                key = (d["yard_node"], site_node)
                refuse_unless(key in edges, f"network.edges ({key[0]} - {key[1]}: no direct edge)")
                exam.append((site_name, edges[key]))
            self.districts.append({"name": d["name"], "berths": int(d["berths"]), "exam": exam,
                                   "to_rail": edges.get((d["yard_node"], rail_node))})
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
            if self.services[-1]["rail_share"] > 0:
                district = self.districts[self.services[-1]["district"]]
                refuse_unless(rail is not None, "rail")
                refuse_unless(district["to_rail"] is not None,
                              f"network.edges ({district['name']} yard - {rail_node}: "
                              "no direct edge)")

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
        release = doc.get("release", {})
        self.release_delay = sampler(release.get("delay"), hours, rng)
        self.pickup = sampler(release.get("pickup"), hours, rng)

        # Inland consignees (baseline: their documents go to a broker at the port first).
        regional = doc.get("regional", {})
        refuse_unless(not regional.get("integrated", False), "regional.integrated")
        self.inland_share = sum(float(n["share"]) for n in regional.get("nodes", []))
        self.remote_filing = sampler(regional.get("remote_filing"), hours, rng)
        # Exports from off-dock: haul, a terminal gate lane, the arrival report before the
        # declaration is accepted (baseline); re-booked onto a later call if they miss theirs.
        terminal = doc.get("export_terminal")
        self.off_dock = terminal is not None
        self.release_cutoff = 0.0
        if self.off_dock:
            refuse_unless(not terminal.get("clear_at_gate", False), "export_terminal.clear_at_gate")
            self.haul = sampler(terminal.get("haul"), hours, rng)
            self.gate_lanes = int(terminal.get("gate_lanes", 1))
            self.gate_time = sampler(terminal.get("gate_time"), hours, rng)
            self.arrival_report = sampler(terminal.get("arrival_report"), hours, rng)
            self.release_cutoff = hours(terminal.get("release_cutoff", "0h"))

        # Rail transit after the release: the rail yard's cranes, the rail end's declaration
        # and re-inspection (unless one declaration, one inspection), the seal check, trains.
        self.rail = None
        if rail:
            destinations = rail.get("destinations", [])
            self.rail = {
                "train_interval": hours(rail["train_interval"]),
                "transit_check_share": float(rail.get("transit_check_share", 0)),
                "transit_check": sampler(rail.get("transit_check"), hours, rng),
                "booking_lead": hours(rail.get("booking_lead", "0h")),
                "closing": hours(rail.get("closing", "0h")),
                "seal_checkers": int(rail.get("seal_checkers", 0)),
                "seal_check": sampler(rail.get("seal_check"), hours, rng),
                "cranes": int(rail.get("cranes", 0)),
                "lift": sampler(rail.get("lift"), hours, rng),
                "one_declaration": bool(rail.get("one_declaration", False)),
                "rail_declaration": sampler(rail.get("rail_declaration"), hours, rng),
                "shares": cumulative({i: t["share"] for i, t in enumerate(destinations)},
                                     list(range(len(destinations)))),
                # Departures in the file's order within the week, and room on each train.
                "trains": [([weekly_time(t) for t in d["weekly"]], int(d.get("capacity", 100)))
                           for d in destinations],
            }


# ---- the model ------------------------------------------------------------------------------

DAY = 24.0
WEEK = 168.0
DRAIN_LIMIT = 90 * DAY  # after the horizon the port drains for at most this long (clearsim's)


class StaffPool(simpy.Resource):
    """A pool of officers or teams whose strength follows the roster. Lowering it takes no
    unit from its holder (an examination under way at the end of the day finishes), as
    clearsim's Resource::set_capacity."""

    def set_capacity(self, capacity):
        self._capacity = capacity
        while self.queue and len(self.users) < capacity:
            self._trigger_put(None)  # grants the first waiting request


class Call:
    def __init__(self, env, service, number, discharge, load, rate):
        self.berthed = env.event()
        self.berth_time = 0.0
        self.service, self.number = service, number
        self.discharge, self.load, self.rate = discharge, load, rate
        self.rebooked = 0  # exports re-booked onto it from an earlier call of its service
        self.left = False  # the berth

    def loading_done(self):
        """Its last box loaded: re-booked boxes go last, each one more crane move."""
        return self.berth_time + (self.discharge + self.load + self.rebooked) / self.rate


class Port:
    def __init__(self, env, sc, rng, horizon, warmup):
        self.env, self.sc, self.rng = env, sc, rng
        self.horizon, self.warmup = horizon, warmup
        self.berths = [simpy.Resource(env, d["berths"]) for d in sc.districts]
        self.officers = [StaffPool(env, a.officer_count) for a in sc.agencies]
        self.gate_lanes = ([simpy.Resource(env, sc.gate_lanes) for _ in sc.districts]
                           if sc.off_dock else None)
        self.bays = {key: simpy.Resource(env, n) for key, n in sc.bays.items() if n > 0}
        self.teams = {(name, a): StaffPool(env, n)
                      for name, teams in sc.site_teams.items() for a, n in teams.items() if n > 0}
        if not sc.round_the_clock:
            for pool in self.officers + list(self.teams.values()):
                env.process(self.roster(pool))
        rail = sc.rail or {}
        self.rail_cranes = (simpy.Resource(env, rail["cranes"])
                            if rail.get("cranes", 0) > 0 else None)
        self.seal_checkers = (simpy.Resource(env, rail["seal_checkers"])
                              if rail.get("seal_checkers", 0) > 0 else None)
        self.train_loads = [[] for _ in rail.get("trains", [])]  # boxes per departure
        self.calls = [[] for _ in sc.services]  # per service, by number
        # Risk selection: agency a selects when sqrt(rho) z + sqrt(1 - rho) e_a < Phi^-1(p).
        self.threshold = {}
        self.common = math.sqrt(self.sc.correlation)
        self.own = math.sqrt(1 - self.sc.correlation)
        # Per direction: boxes, overall, customs-only, red, then after the release: to the
        # rail yard, rail-end checks, departure; and missed departures (vessel or train).
        self.sums = [[0, 0.0, 0.0, 0, 0.0, 0.0, 0.0, 0] for _ in DIRECTIONS]
        self.boxes = 0

    def roster(self, pool):
        """Full strength from day_start to day_end, off_hours_share of it outside (rounded
        half up, as lround), every day from 00:00 of day 0."""
        sc, env = self.sc, self.env
        full = pool.capacity
        off = int(math.floor(sc.off_hours_share * full + 0.5))
        changes = ([(0.0, off)] if sc.day_start > 0 else []) + [(sc.day_start, full),
                                                                (sc.day_end, off)]
        day = 0.0
        while True:
            for at, capacity in changes:
                if day + at > env.now:
                    yield env.timeout(day + at - env.now)
                pool.set_capacity(capacity)
            day += DAY

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
            count = lambda d: int(min(MAX_BOXES_PER_CALL, max(0.0, round(d()))))
            discharge, load = count(sv["discharge"]), count(sv["load"])
            rate = sv["cranes"] * max(0.01, sv["crane_rate"]())
            call = Call(env, s, len(self.calls[s]), discharge, load, rate)
            self.calls[s].append(call)  # a missed export is re-booked onto a later call
            env.process(self.vessel(call, sv["district"], arrival))
            for i in range(discharge):
                env.process(self.box(call, s, IMPORT, arrival, i))
            span = sv["export_window"] - sv["export_cutoff"]
            for j in range(load):
                gate_in = arrival - sv["export_window"] + span * rng.random()
                if gate_in >= 0:
                    env.process(self.box(call, s, EXPORT, gate_in, j))

    def vessel(self, call, district, arrival):
        env = self.env
        yield env.timeout(arrival - env.now)
        with self.berths[district].request() as berth:
            yield berth
            call.berth_time = env.now
            call.berthed.succeed()
            # Until its last box is loaded, re-booked ones included (they may join meanwhile).
            while env.now < call.loading_done():
                yield env.timeout(call.loading_done() - env.now)
            call.left = True

    def next_departure(self, destination, earliest, book):
        """The first train of `destination` (None: one every train_interval) leaving at or
        after `earliest`; with `book`, the first with room, and the box takes its place."""
        rail = self.sc.rail
        if destination is None:
            return math.ceil(earliest / rail["train_interval"]) * rail["train_interval"]
        times, capacity = rail["trains"][destination]
        loads = self.train_loads[destination]
        per_week = len(times)
        k = max(0, (math.floor(earliest / WEEK) - 1) * per_week)
        while True:
            at = WEEK * (k // per_week) + times[k % per_week]
            if at >= earliest:
                if not book:
                    return at
                if k >= len(loads):
                    loads.extend([0] * (k + 1 - len(loads)))
                if loads[k] < capacity:
                    loads[k] += 1
                    return at
            k += 1

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

        # The declaration: in advance, or once manifest, delivery order, permits, an inland
        # consignee's remote filing and the broker's preparation are done (and, for some,
        # free storage time used).
        advance = rng.random() < dc["advance_share"][credit]
        defers = rng.random() < dc["deferral_share"][credit]
        inland = direction == IMPORT and rng.random() < sc.inland_share

        def declaration(arrival):
            if advance:
                return arrival - dc["advance_lead"]()
            manifest = arrival + dc["manifest"]()
            declared = max(manifest + dc["delivery_order"](), arrival + dc["permits"][cargo]())
            declared += (sc.remote_filing() if inland else 0.0) + dc["preparation"]()
            return declared + (dc["deferral"]() if defers else 0.0)

        if direction == EXPORT and sc.off_dock:
            # Trucked from off-dock (ready at `arrival`) to the terminal; declared once there
            # and accepted after the terminal's arrival report.
            if not arrival < self.horizon:
                return
            self.boxes += 1
            yield env.timeout(arrival - env.now)
            yield env.timeout(sc.haul())
            with self.gate_lanes[sv["district"]].request() as lane:
                yield lane
                yield env.timeout(sc.gate_time())
            arrival = env.now
            reported = arrival + sc.arrival_report()
            declared = declaration(arrival)
            if declared > env.now:
                yield env.timeout(declared - env.now)
            declared_at = max(0.0, min(declared, env.now))
            if reported > env.now:
                yield env.timeout(reported - env.now)
        else:
            declared = declaration(arrival)
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

        # Checks: each selecting agency in turn (move, exam with a team and a bay, move back
        # unless the next agency examines at the same shared site, the last move back in the
        # background; its own release); or the yellow channel's document check.
        if selected:
            at_site = None
            for n, a in enumerate(selected):
                site, move = district["exam"][a]
                agency = sc.agencies[a].name
                if at_site != site:
                    yield env.timeout(max(0.0, move()))
                with self.teams[(site, agency)].request() as team:
                    yield team
                    with self.bays[(site, None if sc.shared_facilities else agency)].request() \
                            as bay:
                        yield bay
                        yield env.timeout(sc.agencies[a].exam())
                at_site = site
                last = n + 1 == len(selected)
                stays = (sc.shared_facilities and not last
                         and district["exam"][selected[n + 1]][0] == site)
                if not stays:
                    if not last:
                        yield env.timeout(max(0.0, move()))
                    at_site = None
                if a != 0:
                    yield env.timeout(sc.release_delay())
        elif yellow:
            with self.officers[0].request() as officer:
                yield officer
                yield env.timeout(sc.yellow_check())
        if not guaranteed:
            yield env.timeout(dc["duty_payment"]())
        yield env.timeout(sc.release_delay())  # the lead agency's release
        released = env.now

        # After the release: the consignee's pick-up, the train, or the vessel.
        rail_yard = rail_checked = departed = None
        missed = False
        if direction == IMPORT:
            departed = released + sc.pickup()
        elif direction == RAIL:
            rail = sc.rail
            yield env.timeout(max(0.0, district["to_rail"]()))
            rail_yard = env.now
            if self.rail_cranes:  # off the port truck, into the train's stack
                with self.rail_cranes.request() as crane:
                    yield crane
                    yield env.timeout(rail["lift"]())
            if not rail["one_declaration"]:  # the transit declaration, a re-inspection
                yield env.timeout(rail["rail_declaration"]())
                if rng.random() < rail["transit_check_share"]:
                    yield env.timeout(rail["transit_check"]())
            if self.seal_checkers:
                with self.seal_checkers.request() as checker:
                    yield checker
                    yield env.timeout(rail["seal_check"]())
            rail_checked = env.now
            destination = pick(rail["shares"], rng.random()) if rail["trains"] else None
            booked = self.next_departure(destination, arrival + rail["booking_lead"], False)
            train = self.next_departure(destination, env.now + rail["closing"], True)
            missed = train > booked
            if train > env.now:
                yield env.timeout(train - env.now)
            departed = env.now
        else:  # loaded in its vessel's sequence, or re-booked onto a later call
            if not call.berthed.triggered:
                yield call.berthed
            loading = call.berth_time + (call.discharge + index + 1) / call.rate
            if released <= loading - sc.release_cutoff:
                departed = loading
            else:
                missed = True
                later = self.calls[s]
                n = call.number + 1
                while sc.off_dock and n < len(later):
                    nxt = later[n]
                    if not nxt.berthed.triggered:
                        yield nxt.berthed
                    if not nxt.left and released <= nxt.loading_done() - sc.release_cutoff:
                        nxt.rebooked += 1  # one more move: the call stays longer at its berth
                        departed = nxt.loading_done()
                        break
                    n += 1

        if self.warmup <= arrival < self.horizon:
            sums = self.sums[direction]
            sums[0] += 1
            sums[1] += released - arrival
            sums[2] += released - declared_at
            sums[3] += bool(selected)
            if departed is not None:  # clearsim's stages after the release (models/stages.hpp)
                if rail_yard is not None:
                    sums[4] += rail_yard - released
                    sums[5] += rail_checked - rail_yard
                    sums[6] += departed - rail_checked
                else:
                    sums[6] += departed - released
            sums[7] += missed


# The JSON's measures per direction: key, index in Port.sums (divided by the boxes counted).
MEASURES = (("overall_mean", 1), ("customs_mean", 2), ("inspected", 3),
            ("after_release_to_rail_yard", 4), ("after_release_rail_checks", 5),
            ("after_release_departure", 6), ("missed_departure_share", 7))


def replicate(path, horizon, warmup, seed, replication):
    rng = random.Random(f"{seed}/{replication}")
    sc = Scenario(path, rng)
    env = simpy.Environment()
    port = Port(env, sc, rng, horizon, warmup)
    for s in range(len(sc.services)):
        env.process(port.service(s))
    # The rosters never end: like clearsim, stop when the drain after the horizon would.
    env.run(until=horizon + DRAIN_LIMIT)
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
    simulated = events = 0
    for r in range(replications):
        port = replicate(args.scenario, horizon, warmup, args.seed, r)
        per_rep.append(port.sums)
        simulated += port.boxes
        events += next(port.env._eid)  # SimPy's count of the events it scheduled
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    directions = []
    counted = 0
    for d, label in enumerate(DIRECTIONS):
        reps = [rep[d] for rep in per_rep if rep[d][0] > 0]
        counted += sum(rep[d][0] for rep in per_rep)
        if not reps:
            continue
        row = {"direction": label, "cleared": sum(s[0] for s in reps) / len(reps),
               "replications": len(reps)}
        for key, i in MEASURES:
            row[key], row[key + "_ci95"] = mean_ci([s[i] / s[0] for s in reps])
        directions.append(row)
    json.dump({"peer": "simpy", "horizon_hours": horizon, "warmup_hours": warmup,
               "replications": replications, "boxes_counted": counted,
               "boxes_simulated": simulated, "events": events, "wall_s": wall, "cpu_s": cpu,
               "directions": directions}, sys.stdout, indent=1)
    print()
    print(f"simpy_port: {simulated} boxes simulated ({counted} counted), {events} events, "
          f"in {cpu:.2f} cpu-s, "
          f"{wall:.2f} s wall: {counted / cpu:.0f} counted boxes/cpu-s", file=sys.stderr)


if __name__ == "__main__":
    main()
