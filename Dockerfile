# fake-auth0 in a container: built with the Swift runtime linked statically (scripts/build-static),
# run on a slim Debian image without Swift. This repository's tests do not build this image.
#   docker build -t fake-auth0 . && docker run --rm -p 4010:4010 -p 4443:4443 fake-auth0
FROM swift:6.2-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev libssl-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY scripts/build-static ./scripts/build-static
RUN scripts/build-static --product fake-auth0

FROM debian:bookworm-slim
# the binary and, next to it, the bundle holding the built-in scenario and its fixtures
COPY --from=build /src/.build-static/release/fake-auth0 /usr/local/bin/fake-auth0
COPY --from=build /src/.build-static/release/fake-auth0_FakeAuth0.resources /usr/local/bin/fake-auth0_FakeAuth0.resources
EXPOSE 4010 4443
ENTRYPOINT ["fake-auth0"]
CMD ["serve", "--host", "0.0.0.0", "--port", "4010", "--https-port", "4443", "--state", "/state"]
