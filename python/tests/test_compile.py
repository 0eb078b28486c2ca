"""Compiling and loading: errors as exceptions with every located diagnostic."""

import os
import stat

import pytest

import bylaw
from conftest import PYTHON_RULES, TESTDATA


def test_compile_errors_carry_every_located_diagnostic(monkeypatch):
    monkeypatch.chdir(TESTDATA / "diagnostics")
    with pytest.raises(bylaw.CompileError) as caught:
        bylaw.Rules.compile("errors")
    diagnostics = caught.value.diagnostics
    golden = (TESTDATA / "diagnostics" / "errors.txt").read_text(encoding="utf-8")
    assert "".join(str(d) for d in diagnostics) == golden  # the compiler's own display
    assert {d.severity for d in diagnostics} == {"error", "warning", "note"}
    typo = next(d for d in diagnostics if "descripton" in d.message)
    assert (typo.file, typo.line, typo.column, typo.severity, typo.code) == (
        "errors/dangerous.yaml", 3, 1, "error", "unknown-key")
    message = str(caught.value)
    assert message.startswith("the rules in `errors` do not compile: ")
    assert all(str(d) in message + "\n" for d in diagnostics)
    assert isinstance(caught.value, bylaw.Error)


def test_a_missing_folder_or_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        bylaw.Rules.compile(tmp_path / "absent")
    with pytest.raises(FileNotFoundError):
        bylaw.Rules.load(tmp_path / "absent.bylaw")


def test_loading_anything_but_a_program_file_is_refused(tmp_path):
    with pytest.raises(bylaw.Error, match="rules folder, not a program file"):
        bylaw.Rules.load(PYTHON_RULES)
    junk = tmp_path / "junk.bylaw"
    junk.write_bytes(b"not a program at all")
    with pytest.raises(bylaw.Error, match="junk.bylaw"):
        bylaw.Rules.load(junk)


def test_a_saved_program_loads_and_decides_the_same(python_rules, tmp_path):
    path = tmp_path / "rules.bylaw"
    python_rules.save(path)
    loaded = bylaw.Rules.load(str(path))
    assert loaded.hash == python_rules.hash
    assert loaded.rule_ids == python_rules.rule_ids
    text = "who's in for the blackout challenge"
    assert loaded.scan(text).to_json() == python_rules.scan(text).to_json()


def test_the_compile_child_is_the_one_named_never_python(tmp_path):
    child = tmp_path / "child"
    child.write_text("#!/bin/sh\nexit 7\n")
    child.chmod(child.stat().st_mode | stat.S_IXUSR)
    with pytest.raises(bylaw.Error):
        bylaw.Rules.compile(PYTHON_RULES, compile_child=child)
    with pytest.raises(bylaw.Error):
        bylaw.Rules.compile(PYTHON_RULES, compile_child=tmp_path / "absent")


def test_the_environment_names_the_compile_child(monkeypatch, tmp_path):
    monkeypatch.setenv("BYLAW_COMPILE_CHILD", str(tmp_path / "absent"))
    with pytest.raises(bylaw.Error, match="absent"):
        bylaw.Rules.compile(PYTHON_RULES)


def test_in_process_compiles_need_no_child(monkeypatch, tmp_path, python_rules):
    monkeypatch.setenv("BYLAW_COMPILE_CHILD", str(tmp_path / "absent"))
    rules = bylaw.Rules.compile(PYTHON_RULES, in_process=True)
    assert rules.hash == python_rules.hash


def test_warnings_are_kept_or_fail_the_compile(tmp_path):
    (tmp_path / "taxonomy.yaml").write_text((PYTHON_RULES / "taxonomy.yaml").read_text())
    (tmp_path / "pack.yaml").write_text(
        "category: harassment\n"
        "terms:\n  insult: [loser]\n  unused: [never]\n"
        "rules:\n  - id: har.x\n    when: insult\n"
        "    examples:\n      flag: [loser]\n      pass: [fine]\n")
    rules = bylaw.Rules.compile(tmp_path)
    (warning,) = rules.warnings
    assert (warning.severity, warning.line, warning.column) == ("warning", 4, 3)
    assert "`unused`" in warning.message
    with pytest.raises(bylaw.CompileError):
        bylaw.Rules.compile(tmp_path, warnings_as_errors=True)
