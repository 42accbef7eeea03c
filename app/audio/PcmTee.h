// PcmTee: one DAC, two listeners (a WAV file and the live mixer, say). Hands
// every block to `first`, then to `second`; either may be nullptr. The
// sinks must outlive the tee's use. Same thread as the DAC.
#pragma once

#include "model/hw/PcmEndpoints.h"

namespace ps {

class PcmTee final : public PcmSink {
  public:
    PcmTee(PcmSink* first, PcmSink* second) : m_first(first), m_second(second) {}
    void onFrames(const PcmBlock& block) override {
        if (m_first != nullptr) {
            m_first->onFrames(block);
        }
        if (m_second != nullptr) {
            m_second->onFrames(block);
        }
    }

  private:
    PcmSink* m_first;
    PcmSink* m_second;
};

}  // namespace ps
