#include "model/kernel/NtStatus.h"

#include <gtest/gtest.h>

#include <string>

namespace ps {
namespace {

TEST(NtStatus, ValuesMatchTheTable) {
    EXPECT_EQ(static_cast<std::uint32_t>(STATUS_SUCCESS), 0x00000000u);
    EXPECT_EQ(static_cast<std::uint32_t>(STATUS_PENDING), 0x00000103u);
    EXPECT_EQ(static_cast<std::uint32_t>(STATUS_BUFFER_OVERFLOW), 0x80000005u);
    EXPECT_EQ(static_cast<std::uint32_t>(STATUS_INVALID_PARAMETER), 0xC000000Du);
    EXPECT_EQ(static_cast<std::uint32_t>(STATUS_INSUFFICIENT_RESOURCES), 0xC000009Au);
    EXPECT_EQ(static_cast<std::uint32_t>(STATUS_NOT_FOUND), 0xC0000225u);
    EXPECT_EQ(static_cast<std::uint32_t>(STATUS_NO_MATCH), 0xC0000272u);
    EXPECT_EQ(static_cast<std::uint32_t>(STATUS_NOINTERFACE), 0xC00002B9u);
    EXPECT_LT(STATUS_UNSUCCESSFUL, 0);  // stored as a negative int32
}

TEST(NtStatus, SuccessIsSeverityZeroOrOne) {
    static_assert(NT_SUCCESS(STATUS_SUCCESS));
    static_assert(NT_SUCCESS(STATUS_PENDING));
    static_assert(NT_SUCCESS(STATUS_MORE_ENTRIES));
    static_assert(NT_SUCCESS(STATUS_TIMEOUT));
    static_assert(!NT_SUCCESS(STATUS_BUFFER_OVERFLOW));  // a warning
    static_assert(!NT_SUCCESS(STATUS_UNSUCCESSFUL));
    static_assert(!NT_SUCCESS(STATUS_NOT_FOUND));
    EXPECT_TRUE(NT_WARNING(STATUS_BUFFER_OVERFLOW));
    EXPECT_TRUE(NT_ERROR(STATUS_NO_MEMORY));
    EXPECT_FALSE(NT_ERROR(STATUS_PENDING));
    EXPECT_FALSE(NT_INFORMATION(STATUS_PENDING));  // 0x00000103 is severity "success"
    EXPECT_TRUE(NT_INFORMATION(static_cast<NTSTATUS>(0x40000000u)));
}

TEST(NtStatus, NamesEveryDeclaredValue) {
    const NTSTATUS all[] = {STATUS_SUCCESS,
                            STATUS_PENDING,
                            STATUS_MORE_ENTRIES,
                            STATUS_BUFFER_OVERFLOW,
                            STATUS_UNSUCCESSFUL,
                            STATUS_NOT_IMPLEMENTED,
                            STATUS_INVALID_PARAMETER,
                            STATUS_INVALID_DEVICE_REQUEST,
                            STATUS_NO_MEMORY,
                            STATUS_BUFFER_TOO_SMALL,
                            STATUS_DATA_OVERRUN,
                            STATUS_DATA_LATE_ERROR,
                            STATUS_INSUFFICIENT_RESOURCES,
                            STATUS_DEVICE_NOT_READY,
                            STATUS_NOT_SUPPORTED,
                            STATUS_CANCELLED,
                            STATUS_DEVICE_CONFIGURATION_ERROR,
                            STATUS_INVALID_DEVICE_STATE,
                            STATUS_NOT_FOUND,
                            STATUS_NO_MATCH,
                            STATUS_TIMEOUT,
                            STATUS_ACCESS_VIOLATION,
                            STATUS_NOINTERFACE};
    for (NTSTATUS status : all) {
        const char* name = ntStatusName(status);
        ASSERT_NE(name, nullptr) << ntStatusToString(status);
        EXPECT_EQ(std::string(name).rfind("STATUS_", 0), 0u);
        EXPECT_EQ(ntStatusToString(status), name);
    }
    EXPECT_STREQ(ntStatusName(STATUS_NOT_FOUND), "STATUS_NOT_FOUND");
    EXPECT_STREQ(ntStatusName(STATUS_DEVICE_CONFIGURATION_ERROR),
                 "STATUS_DEVICE_CONFIGURATION_ERROR");
}

TEST(NtStatus, UnknownValuesAreSpelledInHex) {
    EXPECT_EQ(ntStatusName(static_cast<NTSTATUS>(0xC0001234u)), nullptr);
    EXPECT_EQ(ntStatusToString(static_cast<NTSTATUS>(0xC0001234u)), "0xC0001234");
    EXPECT_EQ(ntStatusToString(static_cast<NTSTATUS>(0x00000001u)), "0x00000001");
    EXPECT_EQ(ntStatusToString(static_cast<NTSTATUS>(0xFFFFFFFFu)), "0xFFFFFFFF");
}

}  // namespace
}  // namespace ps
