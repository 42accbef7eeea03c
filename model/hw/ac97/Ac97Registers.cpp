#include "model/hw/ac97/Ac97Registers.h"

namespace ps::ac97 {

const char* engineName(Engine e) {
    switch (e) {
        case Engine::PcmIn:
            return "PI";
        case Engine::PcmOut:
            return "PO";
        case Engine::MicIn:
            return "MC";
    }
    return "??";  // not an engine: a cast from a bad integer
}

}  // namespace ps::ac97
