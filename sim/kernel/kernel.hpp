#pragma once
// The discrete-event kernel in one include: clock and calendar, processes, events,
// resources, stores, random streams, distributions and statistics.
#include "sim/kernel/accumulators.hpp"
#include "sim/kernel/calendar.hpp"
#include "sim/kernel/capacity_calendar.hpp"
#include "sim/kernel/process.hpp"
#include "sim/kernel/random.hpp"
#include "sim/kernel/resource.hpp"
#include "sim/kernel/resource_group.hpp"
#include "sim/kernel/simulation.hpp"
#include "sim/kernel/slot_pool.hpp"
#include "sim/kernel/store.hpp"
