# Package moves of issue 14 (structure item 2): one class per line, fully qualified names.
# Apply to Java sources and META-INF/services files written before the move, e.g.
#   git ls-files -z '*.java' '*/META-INF/services/*' | xargs -0 sed -i -f scripts/tools/package-moves.sed
# then add imports for classes a file used from its own (old) package by simple name
# (the compiler names them) and run ./mvnw spotless:apply.
s/\bio\.mljobs\.common\.job\.JobFailure\b/io.mljobs.common.error.JobFailure/g
s/\bio\.mljobs\.common\.job\.Failures\b/io.mljobs.common.error.Failures/g
s/\bio\.mljobs\.common\.manifest\.DeltaManifestStore\b/io.mljobs.common.manifest.delta.DeltaManifestStore/g
s/\bio\.mljobs\.jobs\.cli\.JobFlags\b/io.mljobs.common.job.JobFlags/g
s/\bio\.mljobs\.common\.source\.FileSourceSpec\b/io.mljobs.jobs.ingest.files.FileSourceSpec/g
s/\bio\.mljobs\.common\.source\.FileDelivery\b/io.mljobs.jobs.ingest.files.FileDelivery/g
s/\bio\.mljobs\.common\.source\.JdbcSourceSpec\b/io.mljobs.jobs.ingest.jdbc.JdbcSourceSpec/g
s/\bio\.mljobs\.common\.source\.JdbcIdentifiers\b/io.mljobs.jobs.ingest.jdbc.JdbcIdentifiers/g
s/\bio\.mljobs\.common\.source\.KafkaSourceSpec\b/io.mljobs.jobs.ingest.kafka.KafkaSourceSpec/g
s/\bio\.mljobs\.common\.source\.SourceSelection\b/io.mljobs.jobs.ingest.SourceSelection/g
s/\bio\.mljobs\.jobs\.ingest\.CsvHeader\b/io.mljobs.jobs.ingest.files.CsvHeader/g
s/\bio\.mljobs\.jobs\.ingest\.FileBatchReader\b/io.mljobs.jobs.ingest.files.FileBatchReader/g
s/\bio\.mljobs\.jobs\.ingest\.FileListing\b/io.mljobs.jobs.ingest.files.FileListing/g
s/\bio\.mljobs\.jobs\.ingest\.IngestFilesConfig\b/io.mljobs.jobs.ingest.files.IngestFilesConfig/g
s/\bio\.mljobs\.jobs\.ingest\.IngestFilesJob\b/io.mljobs.jobs.ingest.files.IngestFilesJob/g
s/\bio\.mljobs\.jobs\.ingest\.IngestLog\b/io.mljobs.jobs.ingest.files.IngestLog/g
s/\bio\.mljobs\.jobs\.ingest\.RecordNumbers\b/io.mljobs.jobs.ingest.files.RecordNumbers/g
s/\bio\.mljobs\.jobs\.ingest\.StreamingCheckpoint\b/io.mljobs.jobs.ingest.files.StreamingCheckpoint/g
s/\bio\.mljobs\.jobs\.ingest\.IngestJdbcConfig\b/io.mljobs.jobs.ingest.jdbc.IngestJdbcConfig/g
s/\bio\.mljobs\.jobs\.ingest\.IngestJdbcJob\b/io.mljobs.jobs.ingest.jdbc.IngestJdbcJob/g
s/\bio\.mljobs\.jobs\.ingest\.JdbcErrors\b/io.mljobs.jobs.ingest.jdbc.JdbcErrors/g
s/\bio\.mljobs\.jobs\.ingest\.JdbcSource\b/io.mljobs.jobs.ingest.jdbc.JdbcSource/g
s/\bio\.mljobs\.jobs\.ingest\.JdbcSql\b/io.mljobs.jobs.ingest.jdbc.JdbcSql/g
s/\bio\.mljobs\.jobs\.ingest\.KeyedRows\b/io.mljobs.jobs.ingest.jdbc.KeyedRows/g
s/\bio\.mljobs\.jobs\.ingest\.IngestStreamConfig\b/io.mljobs.jobs.ingest.kafka.IngestStreamConfig/g
s/\bio\.mljobs\.jobs\.ingest\.IngestStreamJob\b/io.mljobs.jobs.ingest.kafka.IngestStreamJob/g
s/\bio\.mljobs\.jobs\.ingest\.KafkaPreflight\b/io.mljobs.jobs.ingest.kafka.KafkaPreflight/g
s/\bio\.mljobs\.jobs\.ingest\.KafkaProgress\b/io.mljobs.jobs.ingest.kafka.KafkaProgress/g
s/\bio\.mljobs\.jobs\.ingest\.KafkaValueDecoder\b/io.mljobs.jobs.ingest.kafka.KafkaValueDecoder/g
s/\bio\.mljobs\.common\.job\.FailuresTest\b/io.mljobs.common.error.FailuresTest/g
s/\bio\.mljobs\.common\.source\.JdbcSourceSpecTest\b/io.mljobs.jobs.ingest.jdbc.JdbcSourceSpecTest/g
s/\bio\.mljobs\.common\.source\.KafkaSourceSpecTest\b/io.mljobs.jobs.ingest.kafka.KafkaSourceSpecTest/g
s/\bio\.mljobs\.common\.schema\.ComputedColumnsTest\b/io.mljobs.jobs.ingest.files.ComputedColumnsTest/g
s/\bio\.mljobs\.jobs\.ingest\.IngestFilesDeliveryTest\b/io.mljobs.jobs.ingest.files.IngestFilesDeliveryTest/g
s/\bio\.mljobs\.jobs\.ingest\.IngestFilesJobTest\b/io.mljobs.jobs.ingest.files.IngestFilesJobTest/g
s/\bio\.mljobs\.jobs\.ingest\.IngestJdbcConfigTest\b/io.mljobs.jobs.ingest.jdbc.IngestJdbcConfigTest/g
s/\bio\.mljobs\.jobs\.ingest\.JdbcErrorsTest\b/io.mljobs.jobs.ingest.jdbc.JdbcErrorsTest/g
s/\bio\.mljobs\.jobs\.ingest\.JdbcSpecs\b/io.mljobs.jobs.ingest.jdbc.JdbcSpecs/g
s/\bio\.mljobs\.jobs\.ingest\.JdbcSqlTest\b/io.mljobs.jobs.ingest.jdbc.JdbcSqlTest/g
s/\bio\.mljobs\.jobs\.ingest\.KeyedRowsTest\b/io.mljobs.jobs.ingest.jdbc.KeyedRowsTest/g
s/\bio\.mljobs\.jobs\.ingest\.IngestStreamConfigTest\b/io.mljobs.jobs.ingest.kafka.IngestStreamConfigTest/g
s/\bio\.mljobs\.jobs\.ingest\.KafkaValueDecoderTest\b/io.mljobs.jobs.ingest.kafka.KafkaValueDecoderTest/g
s/\bio\.mljobs\.common\.job\.BrokenCompressedFiles\b/io.mljobs.common.error.BrokenCompressedFiles/g
