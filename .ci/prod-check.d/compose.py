# prod-check step 3: the structure of docker-compose.yml (as JSON on stdin) that production needs.
import json, sys
doc = json.load(sys.stdin)
s = doc.get("services", {})
problems = []
def need(cond, msg):
    if not cond: problems.append(msg)
for name in ["postgres", "redis", "migrate", "bot", "worker"]:
    need(name in s, f"service {name} missing")
if not problems:
    cmd = " ".join(s["redis"].get("command", []) if isinstance(s["redis"].get("command"), list) else [s["redis"].get("command", "")])
    need("--appendonly yes" in cmd.replace("'", ""), "redis must run with --appendonly yes")
    need("--maxmemory-policy noeviction" in cmd, "redis must run with --maxmemory-policy noeviction")
    for svc, path in [("postgres", "/var/lib/postgresql/data"), ("redis", "/data")]:
        need(any(str(v).endswith(":" + path) for v in s[svc].get("volumes", [])), f"{svc} must keep {path} in a volume")
        need("healthcheck" in s[svc], f"{svc} needs a healthcheck")
    need(s["migrate"].get("command") in (["migrate"], "migrate"), "migrate service must run `migrate`")
    need(str(s["migrate"].get("restart", "no")) == "no", "migrate must not restart")
    need(s["migrate"].get("depends_on", {}).get("postgres", {}).get("condition") == "service_healthy", "migrate waits for a healthy postgres")
    for role in ["bot", "worker"]:
        r = s[role]
        need(r.get("command") in ([role], role), f"{role} service must run `{role}`")
        dep = r.get("depends_on", {})
        need(dep.get("postgres", {}).get("condition") == "service_healthy", f"{role} waits for a healthy postgres")
        need(dep.get("redis", {}).get("condition") == "service_healthy", f"{role} waits for a healthy redis")
        need(dep.get("migrate", {}).get("condition") == "service_completed_successfully", f"{role} waits for migrate to finish")
        need(r.get("restart") in ("unless-stopped", "always"), f"{role} restarts automatically")
        need("stop_grace_period" in r, f"{role} sets stop_grace_period for a graceful shutdown")
        need(r.get("env_file") in (".env", [".env"]), f"{role} reads .env")
        need(r.get("image") == s["migrate"].get("image"), f"{role} and migrate use one image")
    ports = [str(p) for p in s["worker"].get("ports", [])]
    need(all(p.startswith("127.0.0.1:") or p.startswith("${WORKER_PUBLISH:-127.0.0.1:") for p in ports),
         "worker metrics/dashboard port must be bound to 127.0.0.1 by default")
for p in problems: print("    FAIL " + p)
if problems: sys.exit(1)
print("    ok  services " + ", ".join(s) + "; redis AOF + noeviction; bot/worker wait for healthy postgres/redis and a finished migrate")
