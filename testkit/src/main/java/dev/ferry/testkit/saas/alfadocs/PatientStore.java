package dev.ferry.testkit.saas.alfadocs;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The patients, kept compactly: generated ones are made from their id when read
 * ({@link GeneratedPatients}), so only patients a test added or changed are stored; which ids are
 * live is one bit each. 100,000 generated patients cost a few kilobytes.
 *
 * <p>Listing is in id order, by page number, as offset paging is: a patient added or deleted while
 * a client pages shifts the later pages, as it would on a real offset-paged API. Reading the
 * pages in order costs one page each (the position of the last page read is remembered).
 * Thread-safe.
 */
final class PatientStore {

    private final BitSet live = new BitSet();
    private final BitSet generated = new BitSet();
    private final Map<Long, AlfaDocsPatient> stored = new HashMap<>();
    private long nextId = 1;
    private long version;
    /** Where the page after the last one read starts: its offset and the id at that offset. */
    private long cachedOffset = -1;
    private int cachedId;
    private long cachedVersion = -1;

    synchronized void generate(long count) {
        for (long i = 0; i < count; i++) {
            int id = checkedId(nextId++);
            generated.set(id);
            live.set(id);
        }
        version++;
    }

    /** Stores a new patient under the next id, which it returns in the patient. */
    synchronized AlfaDocsPatient add(AlfaDocsPatient patient) {
        AlfaDocsPatient withId = patient.withId(nextId++);
        put(withId);
        return withId;
    }

    synchronized void put(AlfaDocsPatient patient) {
        int id = checkedId(patient.id());
        stored.put(patient.id(), patient);
        live.set(id);
        nextId = Math.max(nextId, patient.id() + 1);
        version++;
    }

    synchronized boolean delete(long id) {
        if (id < 0 || id > Integer.MAX_VALUE || !live.get((int) id)) {
            return false;
        }
        live.clear((int) id);
        stored.remove(id);
        version++;
        return true;
    }

    synchronized AlfaDocsPatient get(long id) {
        if (id < 0 || id > Integer.MAX_VALUE || !live.get((int) id)) {
            return null;
        }
        AlfaDocsPatient patient = stored.get(id);
        return patient != null ? patient : generated.get((int) id) ? GeneratedPatients.patient(id) : null;
    }

    synchronized long count() {
        return live.cardinality();
    }

    /** Up to {@code size} live patients after the first {@code offset}, in id order. */
    synchronized List<AlfaDocsPatient> page(long offset, int size) {
        int id;
        long position;
        if (cachedVersion == version && cachedOffset >= 0 && cachedOffset <= offset) {
            id = cachedId;
            position = cachedOffset;
        } else {
            id = live.nextSetBit(0);
            position = 0;
        }
        while (id >= 0 && position < offset) {
            id = live.nextSetBit(id + 1);
            position++;
        }
        List<AlfaDocsPatient> page = new ArrayList<>(Math.min(size, 1000));
        while (id >= 0 && page.size() < size) {
            page.add(get(id));
            id = live.nextSetBit(id + 1);
            position++;
        }
        if (id >= 0) {
            cachedOffset = position;
            cachedId = id;
            cachedVersion = version;
        }
        return page;
    }

    /** Every live patient in id order; generates each one, so meant for test assertions, not benchmarks. */
    synchronized List<AlfaDocsPatient> all() {
        return page(0, Integer.MAX_VALUE);
    }

    private static int checkedId(long id) {
        if (id < 1 || id > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("The fake AlfaDocs keeps patient ids from 1 to " + (Integer.MAX_VALUE - 1)
                    + ", got " + id);
        }
        return (int) id;
    }
}
