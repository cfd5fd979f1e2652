/**
 * The dashboard's pages, one class each ({@code OverviewPage}, {@code PipelinePage}, {@code RunPage},
 * {@code LogsPage}, {@code ConnectionsPage} with {@code PipelineWizard}, {@code SchedulesPage},
 * {@code SettingsPage}, {@code HealthPage}, {@code SignInPage}), the actions they share
 * ({@code PipelineActions}), and the records their templates render (rows, forms, charts). A page
 * reads and changes nothing the API cannot: it calls the same services, with the same roles, and
 * records the same audit entries.
 */
package dev.ferry.server.ui.pages;
