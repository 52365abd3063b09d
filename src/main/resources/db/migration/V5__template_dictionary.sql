-- Template ids shared by the detector replicas of a Kafka scale-out (io.logwarden.parse.TemplateDictionary):
-- each replica mines templates on its own, so a template learned at run time gets its id here, the same on
-- every replica. Keyed by the SHA-256 (64 hex characters) of the template text, which can be long. Ids start
-- at 1000000, above the ids of a model's own templates. Same SQL on H2 and PostgreSQL.
CREATE TABLE template_dictionary (
    id            INTEGER NOT NULL PRIMARY KEY,
    template_hash VARCHAR(64) NOT NULL,
    template      VARCHAR NOT NULL,
    CONSTRAINT template_dictionary_hash_uq UNIQUE (template_hash)
);
