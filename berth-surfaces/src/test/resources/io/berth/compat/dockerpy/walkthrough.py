"""docker-py against the engine named by DOCKER_HOST: build, run detached, logs, exec, stop, remove.

Prints one line per check; any failed check raises, and the script exits non-zero.
"""

import sys
import time

import docker

client = docker.from_env(timeout=120)
print("server api", client.version()["ApiVersion"])

image, build_log = client.images.build(
    path=sys.argv[1], tag="dockerpy-it:1", buildargs={"GREETING": "bonjour"}, rm=True
)
steps = [entry["stream"] for entry in build_log if "stream" in entry]
assert any(s.startswith("Step 1/4 : FROM busybox:latest") for s in steps), steps
assert "dockerpy-it:1" in image.tags, image.tags
print("built", image.short_id, image.tags)

container = client.containers.run(
    "dockerpy-it:1", detach=True, name="dockerpy-it", labels={"suite": "dockerpy"},
    environment={"COLOUR": "blue"},
)
for _ in range(100):
    if b"ready" in container.logs():
        break
    time.sleep(0.1)
assert container.logs() == b"bonjour from a docker-py build\nready\n", container.logs()
print("logs", container.logs())

container.reload()
assert container.status == "running", container.status
assert container.labels == {"suite": "dockerpy"}, container.labels
assert container.image.id == image.id
listed = client.containers.list(filters={"label": "suite=dockerpy"})
assert [c.id for c in listed] == [container.id], listed
print("running", container.name, container.short_id)

result = container.exec_run(["sh", "-c", "echo $COLOUR; echo oops >&2; exit 3"])
assert result.exit_code == 3, result
# Both streams in one, in the order their separate pipes were read.
assert sorted(result.output.splitlines()) == [b"blue", b"oops"], result.output
split = container.exec_run(["sh", "-c", "echo out; echo err >&2"], demux=True)
assert split.output == (b"out\n", b"err\n"), split.output
print("exec", result.exit_code, split.output)

container.stop(timeout=1)
container.reload()
assert container.status == "exited", container.status
assert container.wait()["StatusCode"] == 137
print("stopped", container.attrs["State"]["ExitCode"])

container.remove()
assert not client.containers.list(all=True, filters={"name": "dockerpy-it"})
once = client.containers.run("busybox:latest", ["echo", "one", "shot"], remove=True)
assert once == b"one shot\n", once
client.images.remove("dockerpy-it:1")
print("removed")
