# syntax=docker/dockerfile:1
# shequ image: build wheels in one stage, install only wheels in the next, so the runtime
# image has no compiler, no source tree and no pip cache.
#
#   docker build -t ghcr.io/shequ/shequ:0.1.0 .
#
# Every pinned dependency ships manylinux wheels for CPython 3.11 (amd64 and arm64), so the
# build stage needs no gcc either; add build-essential there if a new dependency does not.

ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY . .
# The project's wheel plus a wheel for every dependency, pinned by pyproject.toml.
RUN pip wheel --wheel-dir /wheels .


FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="shequ" \
      org.opencontainers.image.description="Multi-tenant platform for community service work (社区)" \
      org.opencontainers.image.source="https://github.com/shequ/shequ" \
      org.opencontainers.image.licenses="Apache-2.0"

# No .pyc writes: the root filesystem is read-only in Kubernetes.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SHEQU_ENV=production \
    SHEQU_DATA_DIR=/var/lib/shequ

RUN groupadd --system --gid 10001 shequ \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/shequ --shell /usr/sbin/nologin shequ \
 && mkdir -p /var/lib/shequ /etc/shequ \
 && chown 10001:10001 /var/lib/shequ

# Wheels are bind-mounted, not copied, so they never become an image layer.
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-index --find-links=/wheels shequ \
 && pip freeze --exclude-editable > /etc/shequ/constraints.txt
# Plugin images install with `pip install -c /etc/shequ/constraints.txt shequ-plugin-x`,
# which keeps core and its dependencies at exactly the versions tested here.

WORKDIR /var/lib/shequ
USER 10001:10001
EXPOSE 8000

# The web process. The chart overrides this for the worker (`shequ worker`), the scheduler
# (`shequ scheduler`) and migrations (`shequ db upgrade`) and sets --workers from values.
# No HEALTHCHECK: the same image runs workers, which serve no HTTP; Kubernetes probes
# /health/live and /health/ready instead.
CMD ["granian", "--interface", "asgi", "--host", "0.0.0.0", "--port", "8000", "--workers", "1", "--workers-kill-timeout", "8", "core.app:create_app", "--factory"]
