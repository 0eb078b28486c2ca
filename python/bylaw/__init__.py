"""bylaw: a content-moderation rules engine.

    import bylaw

    rules = bylaw.Rules.compile("rules")          # or bylaw.Rules.load("rules.bylaw")
    verdict = rules.scan("who's doing the blackout challenge tonight", title="my day")
    verdict.decision                              # "remove"
    [(m.id, m.category, m.action) for m in verdict.rules]
    verdicts = rules.scan_many(texts, threads=4)  # in input order

Compiling starts the engine's compile child, bylaw-compile-child (never the
Python interpreter): the one named by `compile_child=`, else by the
environment variable BYLAW_COMPILE_CHILD, else the one installed beside this
package, else the one installed or built with the library.
"""

from ._bylaw import (
    CompileError,
    Diagnostic,
    Error,
    RuleMatch,
    Rules,
    Span,
    Verdict,
)

__all__ = ["CompileError", "Diagnostic", "Error", "RuleMatch", "Rules", "Span", "Verdict"]

# Shown as bylaw.Rules, bylaw.CompileError, ...: the extension module is a detail.
for _name in __all__:
    globals()[_name].__module__ = __name__
del _name
