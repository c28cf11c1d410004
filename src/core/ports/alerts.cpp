// SPDX-License-Identifier: MIT
#include "core/ports/alerts.h"

namespace relance {

std::string_view to_string(NoticeType t) { return t == NoticeType::Task ? "task" : "alert"; }

}  // namespace relance
