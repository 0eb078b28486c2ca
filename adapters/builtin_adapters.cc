// The registry of the adapters bylaw ships with.
#include "builtin_adapters.h"

namespace bylaw {

AdapterRegistry AdapterRegistry::WithBuiltins() {
  AdapterRegistry registry;
  registry.AddSource("jsonl", "jsonl:PATH            JSON Lines, one document per line",
                     internal::OpenJsonlSource);
  registry.AddSource("stdin", "stdin:                JSON Lines on standard input",
                     internal::OpenStdinSource);
  registry.AddSource("files", "files:DIR             each file under DIR is one document (`text`)",
                     internal::OpenFilesSource);
  registry.AddSource("captions",
                     "captions:PATH         SRT or WebVTT captions (a file, or a folder of them)",
                     internal::OpenCaptionsSource);
  registry.AddSource("redis",
                     "redis://HOST:PORT/STREAM?group=G&consumer=C   a Redis consumer group",
                     internal::OpenRedisSource);
  registry.AddSink("jsonl", "jsonl:PATH            verdicts as JSON Lines in a file",
                   internal::OpenJsonlSink);
  registry.AddSink("stdout", "stdout:               verdicts as JSON Lines on standard output",
                   internal::OpenStdoutSink);
  registry.AddSink("redis", "redis://HOST:PORT/STREAM   verdicts added to a Redis stream",
                   internal::OpenRedisSink);
  return registry;
}

}  // namespace bylaw
