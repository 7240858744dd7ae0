// Placeholder of the scaffold; the screen comes in the next commit.

export default function PapersScreen(props: object) {
  return (
    <section aria-labelledby="t">
      <h1 id="t">Papers</h1>
      <pre>{JSON.stringify(props)}</pre>
    </section>
  );
}
