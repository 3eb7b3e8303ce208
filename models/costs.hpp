#pragma once
// What clearance costs and who pays (plan art. 19, 23). The trader's charges for one box
// follow from its record: lifts and moves for its checks, scans, storage at the inspection
// site (by the day started, from the channel to the end of the checks), storage and the
// carrier's demurrage beyond their free times (arrival to departure). Under the fee
// waiver the lifting, moving and inspection-storage fees of a box whose inspection found
// nothing, of a compliant firm, are paid by the government instead. The government also
// pays its officers and equipment by the hour on duty.
#include "models/config.hpp"
#include "models/records.hpp"
#include "models/routing.hpp"

namespace clearsim::model {

// Fills record.trader_cost, record.waived_cost and the kFeesWaived flag from the rest of the
// record (its checks, moves, times and the kFinding flag); `compliant` is the box's uniform
// for waiver_share (the firm qualifies if it is below its credit class's share).
void charge(const CostConfig& costs, ContainerRecord& record, double compliant);

// CNY per hour of one unit of a pool on duty or in service (officers, teams, scanners).
double hourly_cost(const CostConfig& costs, PoolKind kind);

}  // namespace clearsim::model
