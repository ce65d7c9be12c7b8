/** The README's executable examples: code blocks marked `<!-- readme-example:NAME -->`. */
export {
  getReadmeBlock,
  listReadmeExamples,
  type ReadmeBlock,
} from '../../scripts/readme-library.ts';
