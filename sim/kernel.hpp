#pragma once
// The discrete-event kernel in one include: clock and calendar, processes, events,
// resources, stores, random streams, distributions and statistics.
#include "sim/accumulators.hpp"
#include "sim/calendar.hpp"
#include "sim/capacity_calendar.hpp"
#include "sim/process.hpp"
#include "sim/random.hpp"
#include "sim/resource.hpp"
#include "sim/simulation.hpp"
#include "sim/store.hpp"
