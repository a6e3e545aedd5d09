-- The catalog as versions staff keep. A version is published when `published_at` is set; the
-- one in use is the latest published. `source` says where it came from: the seed the product
-- ships ("seed"), a city's file named by YIJIAN_CATALOG ("file"), or an editor's draft
-- ("editor"). A release's newer seed replaces a seed in use, never what a city published.
ALTER TABLE catalog_versions ADD COLUMN published_at BIGINT;
ALTER TABLE catalog_versions ADD COLUMN published_by TEXT;
ALTER TABLE catalog_versions ADD COLUMN source TEXT NOT NULL DEFAULT 'seed';
-- Every version stored before versions were kept was the one in use when it was loaded.
UPDATE catalog_versions SET published_at = loaded_at;

-- The one working draft catalog editors change together: the whole catalog as JSON, checked
-- whole again before it is published. `revision` counts its changes, so two editors saving at
-- once cannot overwrite each other unseen.
CREATE TABLE catalog_draft (
    id INTEGER PRIMARY KEY,
    base_hash TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    revision BIGINT NOT NULL DEFAULT 0
);

-- The catalog version a citizen's draft was last saved under: on resume under a newer one the
-- form is recomposed and the citizen told what changed for their items.
ALTER TABLE drafts ADD COLUMN catalog_hash TEXT;
