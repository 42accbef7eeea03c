#include "model/hw/hda/HdaRegisters.h"

namespace ps::hda {

bool formatForRate(std::uint32_t wantedHz, StreamFormat& inOut) {
    // Base 48 kHz first, then 44.1 kHz; smallest multiplier, then divisor.
    for (const bool base44k1 : {false, true}) {
        for (unsigned mult = 1; mult <= 4; ++mult) {
            for (unsigned div = 1; div <= 8; ++div) {
                StreamFormat f = inOut;
                f.base44k1 = base44k1;
                f.multiplier = mult;
                f.divisor = div;
                if (rateHz(f) == wantedHz) {
                    inOut = f;
                    return true;
                }
            }
        }
    }
    return false;
}

const char* globalRegisterName(std::uint32_t offset) {
    switch (offset) {
        case GCAP:
            return "GCAP";
        case VMIN:
            return "VMIN";
        case VMAJ:
            return "VMAJ";
        case OUTPAY:
            return "OUTPAY";
        case INPAY:
            return "INPAY";
        case GCTL:
            return "GCTL";
        case WAKEEN:
            return "WAKEEN";
        case STATESTS:
            return "STATESTS";
        case INTCTL:
            return "INTCTL";
        case INTSTS:
            return "INTSTS";
        case WALCLK:
            return "WALCLK";
        case SSYNC:
            return "SSYNC";
        case DPLBASE:
            return "DPLBASE";
        case DPUBASE:
            return "DPUBASE";
        default:
            return nullptr;
    }
}

const char* streamRegisterName(std::uint32_t offsetInStream) {
    switch (offsetInStream) {
        case SD_CTL:
            return "SDCTL";
        case SD_STS:
            return "SDSTS";
        case SD_LPIB:
            return "SDLPIB";
        case SD_CBL:
            return "SDCBL";
        case SD_LVI:
            return "SDLVI";
        case SD_FIFOW:
            return "SDFIFOW";
        case SD_FIFOS:
            return "SDFIFOS";
        case SD_FMT:
            return "SDFMT";
        case SD_BDPL:
            return "SDBDPL";
        case SD_BDPU:
            return "SDBDPU";
        default:
            return nullptr;
    }
}

}  // namespace ps::hda
