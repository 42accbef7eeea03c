#include "model/scenario/BugSwitchNames.h"

#include <initializer_list>

namespace ps {

namespace {

BugSwitchInfo pci(const char* name, bool WavePciMiniportOptions::*member, const char* description) {
    return BugSwitchInfo{name, StackKind::WavePci, description, member, nullptr};
}

BugSwitchInfo rt(const char* name, bool WaveRtMiniportOptions::*member, const char* description) {
    return BugSwitchInfo{name, StackKind::WaveRt, description, nullptr, member};
}

template <typename Policy>
bool policyFromName(std::string_view name, Policy* policy, const char* (*nameOf)(Policy),
                    std::initializer_list<Policy> all) {
    for (Policy p : all) {
        if (name == nameOf(p)) {
            *policy = p;
            return true;
        }
    }
    return false;
}

}  // namespace

const std::vector<BugSwitchInfo>& bugSwitches() {
    using Pci = WavePciMiniportOptions;
    using Rt = WaveRtMiniportOptions;
    static const std::vector<BugSwitchInfo> table = {
        pci("forget-release-mapping", &Pci::forgetReleaseMapping,
            "never calls ReleaseMapping: the port's packets hang"),
        pci("release-out-of-order", &Pci::releaseOutOfOrder,
            "releases the newer of two releasable mappings first"),
        pci("release-unknown-tag", &Pci::releaseUnknownTag,
            "once: calls ReleaseMapping with a tag GetMapping never gave"),
        pci("double-release", &Pci::doubleRelease,
            "once: calls ReleaseMapping twice for the same tag"),
        pci("hold-spin-lock-across-get-mapping", &Pci::holdSpinLockAcrossGetMapping,
            "holds its spin lock while calling GetMapping and ReleaseMapping"),
        pci("accept-set-format-while-running", &Pci::acceptSetFormatWhileRunning,
            "SetFormat succeeds while the stream runs"),
        pci("position-goes-backwards", &Pci::positionGoesBackwards,
            "once: GetPosition reports one frame less than before"),
        pci("position-from-picb", &Pci::positionFromPicb,
            "GetPosition reports the DMA position (CIV/PICB), not the played frames"),
        pci("revoke-without-checking-tags", &Pci::revokeWithoutCheckingTags,
            "RevokeMappings with 0 or 1 queued entries does not check the tags"),
        pci("get-mapping-from-isr", &Pci::getMappingFromIsr, "the ISR calls GetMapping at DIRQL"),
        pci("skip-stream-resource-registration", &Pci::skipStreamResourceRegistration,
            "never registers its interrupt (PcAddStreamResource): interference is not shielded"),
        rt("accept-set-format-while-running", &Rt::acceptSetFormatWhileRunning,
           "SetFormat succeeds while the stream runs and rewrites SDnFMT under the DMA"),
        rt("dma-runs-in-pause", &Rt::dmaRunsInPause,
           "RUN -> PAUSE leaves the DMA running: the position advances in PAUSE"),
        rt("position-outside-buffer", &Rt::positionOutsideBuffer,
           "once: GetPosition reports a PlayOffset beyond the buffer end"),
        rt("accept-notification-count-any", &Rt::acceptNotificationCountAny,
           "AllocateBufferWithNotification accepts any NotificationCount >= 1"),
        rt("skip-stream-resource-registration", &Rt::skipStreamResourceRegistration,
           "never registers its interrupt and worker thread: interference is not shielded"),
    };
    return table;
}

const BugSwitchInfo* findBugSwitch(StackKind stack, std::string_view name) {
    for (const BugSwitchInfo& info : bugSwitches()) {
        if (info.stack == stack && name == info.name) {
            return &info;
        }
    }
    return nullptr;
}

bool bugSwitchEnabled(const ScenarioSpec& spec, const BugSwitchInfo& info) {
    if (info.wavepci != nullptr) {
        return spec.wavepciMiniport.*info.wavepci;
    }
    return info.wavert != nullptr && spec.wavertMiniport.*info.wavert;
}

void setBugSwitch(ScenarioSpec& spec, const BugSwitchInfo& info, bool enabled) {
    if (info.wavepci != nullptr) {
        spec.wavepciMiniport.*info.wavepci = enabled;
    }
    if (info.wavert != nullptr) {
        spec.wavertMiniport.*info.wavert = enabled;
    }
}

bool waveRtBufferSizePolicyFromName(std::string_view name, WaveRtBufferSizePolicy* policy) {
    return policyFromName(
        name, policy, &waveRtBufferSizePolicyName,
        {WaveRtBufferSizePolicy::RoundUpToPages, WaveRtBufferSizePolicy::RoundDownToFrames});
}

bool waveRtNotificationPolicyFromName(std::string_view name, WaveRtNotificationPolicy* policy) {
    return policyFromName(
        name, policy, &waveRtNotificationPolicyName,
        {WaveRtNotificationPolicy::Strict, WaveRtNotificationPolicy::SampleDivisors});
}

bool waveRtWriteOffsetPolicyFromName(std::string_view name, WaveRtWriteOffsetPolicy* policy) {
    return policyFromName(
        name, policy, &waveRtWriteOffsetPolicyName,
        {WaveRtWriteOffsetPolicy::EqualsPlayOffset, WaveRtWriteOffsetPolicy::PlayPlusEightFrames});
}

}  // namespace ps
