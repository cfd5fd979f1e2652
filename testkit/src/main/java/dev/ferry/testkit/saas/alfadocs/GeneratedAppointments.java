package dev.ferry.testkit.saas.alfadocs;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Appointments for benchmarks, each a function of its number: patient {@code (i * 7919) % patients + 1},
 * operator {@code 100 + i % 5} (none when i % 50 == 0, which team 4 skips), care plan
 * {@code 1 + i % 200} (none when i % 3 == 0), day {@code firstDay + i % days} at 08:00 plus
 * {@code (i % 20) * 30} minutes, 30 minutes long; states cycle waiting, waiting, done, absent, cancelled.
 * Care plans 1 to 200 carry scheme codes {@code IGI01} to {@code IGI08}, with spaces around some.
 */
final class GeneratedAppointments {

    private static final String[] STATES = {"waiting", "waiting", "done", "absent", "cancelled"};
    private static final int CARE_PLANS = 200;

    private GeneratedAppointments() {
    }

    static void generate(FakeAlfaDocs fake, int count, LocalDate firstDay, int days) {
        for (long plan = 1; plan <= CARE_PLANS; plan++) {
            if (fake.carePlan(plan) == null) {
                String code = "IGI0" + (1 + plan % 8);
                fake.putCarePlan(AlfaDocsCarePlan.of(plan, null, plan % 10 == 0 ? " " + code + " " : code, "Piano " + plan));
            }
        }
        long patients = Math.max(1, fake.patientCount());
        String modified = fake.now();
        for (int i = 0; i < count; i++) {
            LocalDate day = firstDay.plusDays(i % days);
            String date = day.atTime(LocalTime.of(8, 0).plusMinutes((i % 20) * 30L))
                    .atZone(GeneratedPatients.ROME).format(GeneratedPatients.TIMESTAMP);
            fake.addAppointment(new AlfaDocsAppointment(0, i * 7919L % patients + 1, i % 50 == 0 ? null : 100L + i % 5,
                    i % 3 == 0 ? null : 1L + i % CARE_PLANS, date, 30, STATES[i % STATES.length], "Visita " + i,
                    "visit", 1L + i % 4, false, i % 10 == 0, modified));
        }
    }
}
