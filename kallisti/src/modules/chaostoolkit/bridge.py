# kallisti's bridge to python functions it does not implement itself.
# Serves requests until stdin closes: one JSON request per line on stdin,
# one JSON answer per line on stdout.
#   {"check": [{"module", "func", "arguments"}...]}  -> [null | "problem"...]
#   {"call": {"module", "func", "arguments", "configuration", "secrets"}}
#       -> {"output": ...} or {"error": "Type: message"}
import importlib
import inspect
import json
import sys
import traceback
from contextlib import redirect_stdout


def find(call):
    module = importlib.import_module(call["module"])
    func = getattr(module, call["func"], None)
    if not (inspect.isfunction(func) or inspect.isbuiltin(func) or callable(func)):
        raise LookupError(f"module {call['module']} has no function {call['func']}")
    return func


def check(call):
    try:
        func = find(call)
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return None
    arguments = dict(call.get("arguments") or {})
    for injected in ("configuration", "secrets"):
        if injected in signature.parameters:
            arguments.setdefault(injected, None)
    try:
        signature.bind(**arguments)
    except TypeError as error:
        return f"the arguments do not fit {call['func']}{signature}: {error}"
    return None


def call(request):
    func = find(request)
    arguments = dict(request.get("arguments") or {})
    try:
        parameters = inspect.signature(func).parameters
    except (TypeError, ValueError):
        parameters = {}
    if "secrets" in parameters and request.get("secrets") is not None:
        arguments["secrets"] = request["secrets"]
    if "configuration" in parameters:
        arguments["configuration"] = request.get("configuration") or {}
    try:
        output = func(**arguments)
    except Exception as error:
        # The first line Python prints for the exception.
        return {"error": traceback.format_exception_only(type(error), error)[0].strip()}
    return {"output": output}


def answer(request):
    if "check" in request:
        return [check(c) for c in request["check"]]
    try:
        return call(request["call"])
    except Exception as error:
        return {"error": traceback.format_exception_only(type(error), error)[0].strip()}


def main():
    protocol = sys.stdout
    for line in sys.stdin:
        # What a function prints must not mix with the answers.
        with redirect_stdout(sys.stderr):
            reply = answer(json.loads(line))
        protocol.write(json.dumps(reply, default=str) + "\n")
        protocol.flush()


main()
