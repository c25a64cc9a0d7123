/**
 * The OCI runtime part: the runtime config ({@code config.json}) as records with Docker's defaults,
 * the rules that turn an image config and run flags into a process, and the {@link
 * io.berth.runtime.OciRuntime} interface that runs a bundle; implementations live in subpackages
 * such as {@code runtime.runc}.
 */
package io.berth.runtime;
