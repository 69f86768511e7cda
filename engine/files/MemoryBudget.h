#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

namespace slicewise {

// The memory this process can hope to use: the machine's physical memory, lowered by a cgroup
// limit (containers, systemd slices) and by RLIMIT_AS / RLIMIT_DATA less what is mapped
// already. Readers compare what a file's header claims against it before allocating, so a
// 1 KB header cannot make the process reach for gigabytes.
uint64_t usableMemoryBytes();

// 1536 -> "1.5 KB", 6.3e9 -> "5.9 GB" (binary units, one decimal).
std::string formatBytes(uint64_t bytes);

// a * b * c ... and a + b without wrapping: UINT64_MAX when the result does not fit.
uint64_t saturatingProduct(std::initializer_list<uint64_t> factors);
uint64_t saturatingSum(uint64_t a, uint64_t b);

}  // namespace slicewise
