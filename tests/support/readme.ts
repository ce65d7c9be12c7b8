/** The README's executable examples: code blocks marked `<!-- readme-example:NAME -->`. */
export { getReadmeBlock } from '../../scripts/readme-library.ts';
