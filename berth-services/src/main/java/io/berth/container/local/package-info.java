/**
 * The container service on this host: containers as runc bundles over overlay snapshots, kept in
 * the metadata store, supervised by virtual threads that pump their output into json-file logs.
 */
package io.berth.container.local;
