// The curation screen (/curation): writes with an API key. This is the scaffold's placeholder;
// the curation helper replaces it.

export default function CurationScreen() {
  return (
    <section aria-labelledby="curation-title">
      <h1 id="curation-title">Curation</h1>
      <p>The curation screen is not built yet.</p>
    </section>
  );
}
