#pragma once
/// @file timestamp.hpp
/// @brief The time type of the model, in UTC.

#include <chrono>
#include <string>

#include "paylink/export.hpp"

namespace paylink {

/// A point in time, UTC. Vendors that send local times without a zone are read as UTC and say so in
/// their vendor docs page.
using Timestamp = std::chrono::system_clock::time_point;

/// RFC 3339 in UTC with second precision, e.g. "2021-01-01T00:00:00Z".
PAYLINK_EXPORT std::string format_timestamp(Timestamp t);

}  // namespace paylink
