"""The Python client of the producer tests: logs a plan of events with a real JSON logging setup and
writes one JSON document per line to a file, which kcat then puts on Kafka (an application's
stdout shipped line by line). Run by tests/harness/clients/python.ts with Debian's python3.

    python3 vigil_python_client.py FORMAT PLAN_FILE OUT_FILE

FORMAT is
  json-logger  the standard logging module with python-json-logger's JsonFormatter
               (`%(levelname)s %(name)s %(message)s`, timestamp=True): keys timestamp, levelname,
               name, message, and exc_info (the formatted traceback) when an exception is logged
  structlog    structlog with add_log_level, TimeStamper(fmt="iso", utc=True), format_exc_info and
               JSONRenderer: keys event, level, timestamp, and exception (the formatted traceback)

A plan line is `LEVEL<TAB>LOGGER<TAB>MESSAGE<TAB>EXCEPTION`, EXCEPTION one of
  -        no exception
  timeout  the TimeoutError of a real socket read against a server that never answers
  wrapped  a RuntimeError raised `from` that TimeoutError (a chained traceback: the root cause is
           the first exception printed)
"""
import logging
import socket
import sys

READ_TIMEOUT_S = 0.02


def read_timeout(silent):
    with socket.create_connection(silent.getsockname(), timeout=1) as conn:
        conn.settimeout(READ_TIMEOUT_S)
        conn.recv(1)
    raise AssertionError("the silent server answered")


def call_gateway(silent):
    try:
        read_timeout(silent)
    except TimeoutError as timeout:
        raise RuntimeError("Charge request to the payment gateway failed") from timeout


def raised(kind, silent):
    try:
        if kind == "timeout":
            read_timeout(silent)
        elif kind == "wrapped":
            call_gateway(silent)
        else:
            raise ValueError(f"unknown exception kind {kind}")
    except (TimeoutError, RuntimeError) as error:
        return error
    raise AssertionError("no exception was raised")


def json_logger(out):
    from pythonjsonlogger import jsonlogger

    handler = logging.StreamHandler(out)
    handler.setFormatter(jsonlogger.JsonFormatter("%(levelname)s %(name)s %(message)s", timestamp=True))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG)

    def log(level, logger, message, error):
        logging.getLogger(logger).log(
            getattr(logging, level), message, exc_info=(type(error), error, error.__traceback__) if error else None
        )

    return log


def structlog_logger(out):
    import structlog

    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        logger_factory=structlog.PrintLoggerFactory(out),
    )
    logger = structlog.get_logger()

    def log(level, _logger, message, error):
        getattr(logger, level.lower())(message, exc_info=error if error else None)

    return log


def main():
    if len(sys.argv) != 4:
        raise SystemExit("usage: vigil_python_client.py FORMAT PLAN_FILE OUT_FILE")
    fmt, plan_file, out_file = sys.argv[1:]
    with open(plan_file, encoding="utf-8") as f:
        plan = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    with open(out_file, "w", encoding="utf-8") as out, socket.create_server(("127.0.0.1", 0)) as silent:
        log = {"json-logger": json_logger, "structlog": structlog_logger}[fmt](out)
        for level, logger, message, kind in plan:
            log(level, logger, message, None if kind == "-" else raised(kind, silent))
    print(f"logged {len(plan)}")


if __name__ == "__main__":
    main()
