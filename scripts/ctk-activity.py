"""Runs one Chaos Toolkit activity through chaostoolkit-lib's own runner.

Reads {"type", "module", "func", "arguments"} as JSON on stdin, with an
optional "configuration" object (default {}) handed to the activity as the
Chaos Toolkit hands an experiment's configuration, and an optional "secrets"
object handed to it as one secrets entry the activity names, and prints
{"ok": true, "output": ...} or {"ok": false, "error": ..., "crash": bool}
on stdout. `crash` marks an exception other than ActivityFailed: a bug in
the driver rather than a failure it reports.
"""
import datetime
import json
import sys

from chaoslib.activity import run_activity
from chaoslib.exceptions import ActivityFailed


def plain(value):
    """The driver's output as JSON. A Kubernetes client model becomes the
    API server's JSON for it (its field names, not the client's Python
    names, and times in RFC 3339), so that it compares with what the API
    answered; other client objects go through their to_dict."""
    if hasattr(value, "attribute_map") and hasattr(value, "openapi_types"):
        fields = ((value.attribute_map[k], getattr(value, k)) for k in value.openapi_types)
        return {name: field for name, field in fields if field is not None}
    if isinstance(value, datetime.datetime) and value.utcoffset() == datetime.timedelta(0):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return str(value)


def main():
    spec = json.load(sys.stdin)
    activity = {
        "type": spec["type"],
        "name": spec["func"],
        "provider": {
            "type": "python",
            "module": spec["module"],
            "func": spec["func"],
            "arguments": spec["arguments"],
        },
    }
    secrets = {}
    if spec.get("secrets"):
        # An experiment's secrets are grouped by name, and an activity sees
        # only the groups its provider lists.
        secrets = {"activity": spec["secrets"]}
        activity["provider"]["secrets"] = ["activity"]
    try:
        output = run_activity(activity, spec.get("configuration") or {}, secrets)
        outcome = {"ok": True, "output": output}
    except ActivityFailed as error:
        outcome = {"ok": False, "error": str(error), "crash": False}
    except Exception as error:  # a driver bug: reported, not raised
        outcome = {"ok": False, "error": f"{type(error).__name__}: {error}", "crash": True}
    print(json.dumps(outcome, default=plain))


if __name__ == "__main__":
    main()
