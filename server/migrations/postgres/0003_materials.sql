-- Uploaded files, stored once by content: the key is the SHA-256 of the bytes, so uploading the
-- same photo again (or for another material) stores nothing new. Bytes live in the database so a
-- submission and its files are backed up and restored together.
CREATE TABLE uploads (
    hash TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    bytes BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);

-- Which file a draft gives for which material: one per material, replaced on re-upload.
CREATE TABLE draft_materials (
    draft_token TEXT NOT NULL REFERENCES drafts(token) ON DELETE CASCADE,
    material_key TEXT NOT NULL,
    upload_hash TEXT NOT NULL REFERENCES uploads(hash),
    file_name TEXT NOT NULL,
    PRIMARY KEY (draft_token, material_key)
);
