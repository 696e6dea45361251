package io.stepcast.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelPointer;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.tools.embedded.KafkaBrokerExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ModelAnnouncementsITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @BeforeAll
    static void createTopics() {
        KAFKA.createTopics(Map.of("models", 1), List.of("models"));
    }

    @Test
    void servingIsTheNewestAnnouncementTheStoreVerifies(@TempDir Path dir) {
        JobSpec spec = TestSpecs.parse("name: a\nmodel: {hidden: 4}")
                .withBootstrap(KAFKA.bootstrapServers())
                .withModelStore(dir.resolve("models").toString());
        JobSpec otherJob = TestSpecs.parse("name: b\nmodel: {hidden: 4}")
                .withBootstrap(KAFKA.bootstrapServers())
                .withModelStore(dir.resolve("models").toString());
        ModelStore store = new ModelStore(spec.model().store());
        ModelManifest v1 = TestSpecs.publish(store, spec, TestSpecs.randomWeightsFor(spec, 1));
        ModelManifest v2 = TestSpecs.publish(store, spec, TestSpecs.randomWeightsFor(spec, 2));
        ModelAnnouncements announcements = new ModelAnnouncements(spec);
        ModelPointer p1 = store.pointer(v1);
        ModelPointer p2 = store.pointer(v2);

        assertThat(announcements.serving(store)).isEmpty();
        announcements.announce(p2);
        announcements.announce(p1); // stale: a later but older announcement displaces nothing
        // newer, but its checksum does not match: refused by the job, so not serving
        announcements.announce(new ModelPointer(
                7, p2.uri(), "ab" + p2.sha256().substring(2), p2.cell(), p2.shape(), p2.createdAt(), p2.metrics()));
        announcements.announceRaw("junk", "{not an announcement");
        new ModelAnnouncements(otherJob)
                .announce(new ModelPointer(
                        9, p1.uri(), p1.sha256(), p1.cell(), p1.shape(), p1.createdAt(), p1.metrics()));

        assertThat(announcements.all()).extracting(ModelPointer::version).containsExactly(2L, 1L, 7L);
        assertThat(announcements.serving(store)).contains(p2);
    }

    @Test
    void aFirstStartAnnouncesTheStoresNewestVersionOnce(@TempDir Path dir) {
        JobSpec spec = TestSpecs.parse("name: first-start\nmodel: {hidden: 4}")
                .withBootstrap(KAFKA.bootstrapServers())
                .withModelStore(dir.resolve("models").toString());
        ModelStore store = new ModelStore(spec.model().store());
        ModelAnnouncements announcements = new ModelAnnouncements(spec);

        assertThat(announcements.servingOrAnnounceNewest(store)).isEmpty();
        assertThat(announcements.all()).isEmpty();

        TestSpecs.publish(store, spec, TestSpecs.randomWeightsFor(spec, 1));
        ModelPointer newest = store.pointer(TestSpecs.publish(store, spec, TestSpecs.randomWeightsFor(spec, 2)));
        assertThat(announcements.servingOrAnnounceNewest(store)).contains(newest);
        // a restart serves what is announced and announces nothing again
        assertThat(announcements.servingOrAnnounceNewest(store)).contains(newest);
        assertThat(announcements.all()).containsExactly(newest);
    }
}
