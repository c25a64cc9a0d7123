package io.berth.metadata.sqlite;

import java.util.List;

/**
 * The metadata schema as its migrations, oldest first: migration {@code n} takes the database from
 * {@code user_version} n to n + 1. A released migration is never edited; a change is a new one
 * appended.
 */
final class Schema {

  private Schema() {}

  static final List<String> MIGRATIONS =
      List.of(
          """
          CREATE TABLE images (
            id TEXT PRIMARY KEY,
            manifest_digest TEXT NOT NULL,
            media_type TEXT NOT NULL,
            created INTEGER NOT NULL,
            size INTEGER NOT NULL
          );
          CREATE TABLE refs (
            name TEXT PRIMARY KEY,
            target TEXT NOT NULL,
            media_type TEXT NOT NULL,
            image_id TEXT NOT NULL REFERENCES images(id) ON DELETE RESTRICT,
            created INTEGER NOT NULL
          );
          CREATE INDEX refs_image ON refs(image_id);
          CREATE TABLE containers (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            image_id TEXT NOT NULL,
            config TEXT NOT NULL,
            state TEXT NOT NULL,
            created INTEGER NOT NULL,
            labels TEXT NOT NULL
          );
          CREATE INDEX containers_image ON containers(image_id);
          CREATE TABLE volumes (
            name TEXT PRIMARY KEY,
            driver TEXT NOT NULL,
            labels TEXT NOT NULL,
            options TEXT NOT NULL,
            created INTEGER NOT NULL
          );
          CREATE TABLE build_cache (
            key TEXT PRIMARY KEY,
            chain_id TEXT,
            result TEXT NOT NULL,
            created INTEGER NOT NULL,
            last_used INTEGER NOT NULL
          );
          CREATE TABLE leases (
            id TEXT PRIMARY KEY,
            created INTEGER NOT NULL,
            expires INTEGER
          );
          CREATE TABLE lease_resources (
            lease_id TEXT NOT NULL REFERENCES leases(id) ON DELETE CASCADE,
            resource TEXT NOT NULL,
            PRIMARY KEY (lease_id, resource)
          );
          CREATE INDEX lease_resources_resource ON lease_resources(resource);
          """);
}
