// SPDX-License-Identifier: MIT
#include "core/ports/store.h"

namespace relance {

std::string_view to_string(ReminderState s) {
    switch (s) {
        case ReminderState::Planned: return "planned";
        case ReminderState::Sending: return "sending";
        case ReminderState::Sent: return "sent";
        case ReminderState::Failed: return "failed";
        case ReminderState::Uncertain: return "uncertain";
        case ReminderState::Rejected: return "rejected";
    }
    return "planned";
}

}  // namespace relance
