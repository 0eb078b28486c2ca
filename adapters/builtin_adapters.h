// The factories of the built-in adapters, registered by
// AdapterRegistry::WithBuiltins(). Private to adapters/; each throws
// bylaw::Error naming the URI when it cannot open it.
#ifndef BYLAW_ADAPTERS_BUILTIN_ADAPTERS_H_
#define BYLAW_ADAPTERS_BUILTIN_ADAPTERS_H_

#include <memory>

#include "bylaw/adapter_registry.h"
#include "bylaw/source.h"

namespace bylaw::internal {

// jsonl_adapters.cc
std::unique_ptr<Source> OpenJsonlSource(const AdapterUri& uri, const SourceOptions& options);
std::unique_ptr<Source> OpenStdinSource(const AdapterUri& uri, const SourceOptions& options);
std::unique_ptr<Sink> OpenJsonlSink(const AdapterUri& uri);
std::unique_ptr<Sink> OpenStdoutSink(const AdapterUri& uri);
// files_source.cc
std::unique_ptr<Source> OpenFilesSource(const AdapterUri& uri, const SourceOptions& options);
// captions_source.cc
std::unique_ptr<Source> OpenCaptionsSource(const AdapterUri& uri, const SourceOptions& options);
// redis_stream_source.cc, redis_stream_sink.cc
std::unique_ptr<Source> OpenRedisSource(const AdapterUri& uri, const SourceOptions& options);
std::unique_ptr<Sink> OpenRedisSink(const AdapterUri& uri);

}  // namespace bylaw::internal

#endif  // BYLAW_ADAPTERS_BUILTIN_ADAPTERS_H_
