/**
 * Layer archives both ways: a directory tree (a root file system or an overlayfs upper directory)
 * to a deterministic, compressed OCI layer tar with its digest and diff ID computed in the same
 * pass; and a layer tar applied onto a directory, with whiteouts, without ever writing outside it.
 */
package io.berth.archive;
