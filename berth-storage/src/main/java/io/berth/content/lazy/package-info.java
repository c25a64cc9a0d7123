/**
 * A content store that holds the layer blobs builds make as the snapshots they were written from,
 * writing their bytes again on demand.
 */
package io.berth.content.lazy;
