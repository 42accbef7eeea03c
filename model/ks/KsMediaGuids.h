// The ksmedia.h GUIDs that describe an audio data format. A KSDATAFORMAT names
// its major type, subtype and specifier with them; WAVEFORMATEXTENSIBLE's
// SubFormat uses the same subtypes.
#pragma once

#include <optional>

#include "model/ks/KsGuid.h"
#include "model/ks/KsTypes.h"

namespace ps {

// DEFINE_WAVEFORMATEX_GUID(tag): every WAVEFORMATEX tag has a subtype GUID
// {tag-0000-0010-8000-00aa00389b71}.
constexpr GUID defineWaveFormatExGuid(WORD wFormatTag) {
    return GUID{wFormatTag, 0x0000, 0x0010, {0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71}};
}

// The tag a DEFINE_WAVEFORMATEX_GUID subtype stands for; nullopt for GUIDs
// outside that family.
constexpr std::optional<WORD> waveFormatTagOfSubType(const GUID& subType) {
    if (subType.Data1 > 0xFFFF ||
        defineWaveFormatExGuid(static_cast<WORD>(subType.Data1)) != subType) {
        return std::nullopt;
    }
    return static_cast<WORD>(subType.Data1);
}

// {00000001-0000-0010-8000-00aa00389b71}
constexpr GUID KSDATAFORMAT_SUBTYPE_PCM = defineWaveFormatExGuid(0x0001);
// {00000003-0000-0010-8000-00aa00389b71}
constexpr GUID KSDATAFORMAT_SUBTYPE_IEEE_FLOAT = defineWaveFormatExGuid(0x0003);
// {73647561-0000-0010-8000-00aa00389b71} ("auds")
constexpr GUID KSDATAFORMAT_TYPE_AUDIO{
    0x73647561, 0x0000, 0x0010, {0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71}};
// {05589f81-c356-11ce-bf01-00aa0055595a}
constexpr GUID KSDATAFORMAT_SPECIFIER_WAVEFORMATEX{
    0x05589f81, 0xc356, 0x11ce, {0xbf, 0x01, 0x00, 0xaa, 0x00, 0x55, 0x59, 0x5a}};

}  // namespace ps
