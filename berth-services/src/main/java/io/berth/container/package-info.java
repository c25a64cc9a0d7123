/**
 * The container part: the container lifecycle (create, start, stop, remove), the supervisor that
 * records exit codes, applies restart policies and runs health checks, json-file logs, exec and
 * attach, and volumes. {@link io.berth.container.ContainerService} is the interface the API and the
 * build engine use; the implementation lives in {@code container.local}.
 */
package io.berth.container;
