/**
 * The content store: blobs addressed by their digest, verified when committed and never changed
 * afterwards. The implementation on a local directory is in {@code content.local}.
 */
package io.berth.content;
