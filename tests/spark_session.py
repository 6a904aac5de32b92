"""One local Spark for the test session (issue 22, SPEC 10): started on first use, stopped at exit.

`session()` starts pyspark in local mode on this machine's JRE, bound to loopback, with the web UI
off, one core, one shuffle partition, logs at ERROR, the session time zone UTC and ANSI mode on
(Spark 4's default, said here so that an older default cannot change what the tests check).
Without Java or pyspark it skips the calling test with the reason, printed in the warnings summary
too; with `QUERYDSL_REQUIRE_ENGINES=1` (as `.ci/run` sets) it fails instead, so CI always runs
Spark.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

import pytest

#: The environment variable that turns a missing engine from a skip into a failure (CI sets it).
REQUIRE_ENGINES = "QUERYDSL_REQUIRE_ENGINES"

# Only errors: Spark's start-up banner and its warnings about this host would fill the output.
_LOG4J2 = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""

_started: dict[str, Any] = {}


def java() -> str | None:
    """The `java` Spark would run: `$JAVA_HOME/bin/java`, else the one on the PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        candidate = Path(home) / "bin" / "java"
        return str(candidate) if os.access(candidate, os.X_OK) else None
    return shutil.which("java")


def missing() -> str | None:
    """Why Spark cannot run here, or None when it can."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed: pip install -e '.[engines]'"
    if java() is None:
        return "Java is not installed: apt-get install default-jre-headless (or set JAVA_HOME)"
    return None


def session() -> Any:
    """The test session's SparkSession, started on the first call (a skip, or in CI a failure,
    when Java or pyspark is missing)."""
    if "spark" in _started:
        return _started["spark"]
    reason = missing()
    if reason is not None:
        if os.environ.get(REQUIRE_ENGINES) == "1":
            pytest.fail(f"Spark is required ({REQUIRE_ENGINES}=1): {reason}", pytrace=False)
        if not _started.get("warned"):  # once: the warnings summary shows it even under -q
            warnings.warn(f"Spark tests skipped: {reason}", stacklevel=2)
            _started["warned"] = True
        pytest.skip(f"Spark tests skipped: {reason}")
    from pyspark.sql import SparkSession

    folder = tempfile.mkdtemp(prefix="querydsl-spark-")
    config = Path(folder) / "log4j2.properties"
    config.write_text(_LOG4J2)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # else it warns, and may pick eth0
    # C1 alone and the serial collector: a short run on a shared machine compiles less.
    java_options = f"-Dlog4j2.configurationFile=file:{config} -XX:TieredStopAtLevel=1"
    java_options += " -XX:+UseSerialGC"
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("querydsl-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", "512m")
        .config("spark.driver.extraJavaOptions", java_options)
        .config("spark.pyspark.python", sys.executable)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.local.dir", folder)
        .config("spark.sql.warehouse.dir", str(Path(folder) / "warehouse"))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    _started["spark"] = spark
    _started["folder"] = folder
    atexit.register(stop)
    return spark


def stop() -> None:
    """Stop the session's Spark, if one started, and remove its files."""
    spark = _started.pop("spark", None)
    folder = _started.pop("folder", None)
    if spark is not None:
        spark.stop()
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
