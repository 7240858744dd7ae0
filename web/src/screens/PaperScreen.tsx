// Placeholder of the scaffold; the screen comes in the next commit.

export default function PaperScreen(props: Record<string, string>) {
  return (
    <section aria-labelledby="t">
      <h1 id="t">Paper</h1>
      <pre>{JSON.stringify(props)}</pre>
    </section>
  );
}
