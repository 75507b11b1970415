"""docker-py (Debian's python3-docker) against DOCKER_HOST; run by dockerpy.test.ts.

Each step prints one JSON line {"step": ..., ...observations}; the mocha test asserts on them.
"""
import io
import json
import sys

import docker

IMG = sys.argv[1]
client = docker.from_env(version="auto", timeout=120)


def say(step, **kv):
    print(json.dumps({"step": step, **kv}), flush=True)


say("version", api=client.api.api_version, server=client.version()["Version"])

img = client.images.pull(IMG)
say("pull", id=img.id, tags=img.tags)
say("list", tags=[t for i in client.images.list() for t in i.tags])

out = client.containers.run(IMG, ["sh", "-c", "echo run-out; echo run-err >&2"], remove=True, stderr=True)
say("run", output=out.decode())

try:
    client.containers.run(IMG, ["sh", "-c", "echo failing >&2; exit 3"], remove=True)
    say("run-error", raised=False)
except docker.errors.ContainerError as e:
    say("run-error", raised=True, exit_status=e.exit_status, stderr=(e.stderr or b"").decode())

c = client.containers.create(IMG, ["sh", "-c", "echo created-out; echo created-err >&2; exit 4"], name="pyc")
c.start()
res = c.wait()
say("create-start-wait", status=res["StatusCode"], stdout=c.logs(stdout=True, stderr=False).decode(), stderr=c.logs(stdout=False, stderr=True).decode())
c.remove()
say("removed", names=[x.name for x in client.containers.list(all=True)])

d = client.containers.run(IMG, ["sleep", "60"], detach=True, name="pyd")
d.reload()
say("detached", status=d.status)
code, output = d.exec_run(["sh", "-c", "echo exec-out; exit 2"])
say("exec", exit_code=code, output=output.decode())
code, (so, se) = d.exec_run(["sh", "-c", "echo so; echo se >&2"], demux=True)
say("exec-demux", stdout=(so or b"").decode(), stderr=(se or b"").decode())
r = d.exec_run(["sh", "-c", "for i in 1 2 3; do echo s$i; done"], stream=True)
say("exec-stream", chunks="".join(x.decode() for x in r.output))
d.remove(force=True)

v = client.volumes.create("pyvol", labels={"made-by": "docker-py"})
client.containers.run(IMG, ["sh", "-c", "echo in-volume > /v/f"], volumes={"pyvol": {"bind": "/v", "mode": "rw"}}, remove=True)
got = client.containers.run(IMG, ["cat", "/v/f"], volumes={"pyvol": {"bind": "/v", "mode": "ro"}}, remove=True)
say("volume", name=v.name, labels=client.volumes.get("pyvol").attrs["Labels"], content=got.decode(), listed=[x.name for x in client.volumes.list()])
v.remove()

dockerfile = f"FROM {IMG}\nRUN echo from-docker-py > /p\nCMD [\"cat\", \"/p\"]\n"
built, logs = client.images.build(fileobj=io.BytesIO(dockerfile.encode()), tag="pybuilt:1", rm=True)
say("build", id=built.id, tags=built.tags, streamed=any("Step 1/3" in (l.get("stream") or "") for l in logs))
say("built-run", output=client.containers.run("pybuilt:1", remove=True).decode())
client.images.remove("pybuilt:1")
try:
    client.images.get("pybuilt:1")
    say("image-removed", gone=False)
except docker.errors.ImageNotFound:
    say("image-removed", gone=True)

try:
    client.containers.get("no-such-container")
except docker.errors.NotFound as e:
    say("not-found", message=str(e.explanation))
