/** The content store on a local directory laid out as an OCI image layout's {@code blobs}. */
package io.berth.content.local;
